package io.sluice.sessions;

/**
 * Counters and gauges of a node's sessions face at one moment, for metrics and tests. Immutable.
 *
 * @param liveSessions sessions open, stored or delivered now
 * @param storedSessions of which stored (waiting for their due time)
 * @param logStart first retained global offset of the log
 * @param logEnd global end of the log
 * @param liveBytes bytes of record data (with framing) of live sessions
 * @param acknowledged operations acknowledged as durable since start
 * @param deliveries sessions handed to handlers since start
 * @param leaseLapses deliveries taken back (lease lapsed or handler gone) since start
 * @param deadLettered sessions moved to a dead-letter kind since start
 * @param images sessions copied forward by compaction since start
 * @param reclaimedBytes log bytes reclaimed (old segments deleted) by compaction since start
 * @param rebuilds times the state was rebuilt from the log after a write failure
 * @param redeliveries of the deliveries, those with an attempt number above 1
 * @param openSessions live sessions being written by their creator (neither stored nor delivered)
 */
public record SessionsStats(
    long liveSessions,
    long storedSessions,
    long logStart,
    long logEnd,
    long liveBytes,
    long acknowledged,
    long deliveries,
    long leaseLapses,
    long deadLettered,
    long images,
    long reclaimedBytes,
    long rebuilds,
    long redeliveries,
    long openSessions) {}
