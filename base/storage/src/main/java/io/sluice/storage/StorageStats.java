package io.sluice.storage;

/**
 * Counters and gauges of one engine at one moment, for metrics. Immutable.
 *
 * @param appendedBytes bytes accepted into the write-ahead log since start
 * @param walRecords log records written since start
 * @param walForces log forces since start (each acknowledges a group of records)
 * @param walFiles log files on disk now
 * @param walBytes bytes in log files on disk now
 * @param queuedBytes bytes waiting for the log writer now
 * @param cacheBytes bytes held by the read cache now
 * @param cacheLimitBytes the read cache's limit
 * @param flushedBytes bytes moved to segment files since start
 * @param segments existing segments and table segments now
 * @param checkpoints checkpoints written since start
 * @param writable false while an I/O error or a full disk stops the write path
 */
public record StorageStats(
    long appendedBytes,
    long walRecords,
    long walForces,
    long walFiles,
    long walBytes,
    long queuedBytes,
    long cacheBytes,
    long cacheLimitBytes,
    long flushedBytes,
    long segments,
    long checkpoints,
    boolean writable) {}
