package io.sluice.sessions.client;

import java.util.List;

/**
 * What a live session looks like at one moment (the reply of {@link SessionsClient#get}). Immutable
 * (the record arrays must not be changed).
 *
 * @param id the session's id
 * @param kind its kind now (the dead-letter kind after a move)
 * @param originalKind the kind it was opened with
 * @param state OPEN, STORED or DELIVERED
 * @param attempt deliveries so far
 * @param dueAtMillis for stored sessions, when they become due (ms since the epoch); 0 otherwise
 * @param recordCount number of records
 * @param byteCount total bytes of the records
 * @param records the records, when asked for; empty otherwise
 */
public record SessionView(
    long id,
    int kind,
    int originalKind,
    String state,
    int attempt,
    long dueAtMillis,
    int recordCount,
    long byteCount,
    List<byte[]> records) {}
