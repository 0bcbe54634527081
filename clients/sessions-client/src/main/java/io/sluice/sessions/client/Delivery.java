package io.sluice.sessions.client;

import java.util.List;

/**
 * A session handed to a handler: its records, and a {@link Session} bound to this delivery's lease
 * to append, replace, delete or store it. Immutable (the record arrays must not be changed).
 *
 * @param id the session's id
 * @param kind the kind it was delivered as
 * @param originalKind the kind it was opened with
 * @param attempt 1 for the first delivery; also the lease token
 * @param dueAtMillis when it became due (ms since the epoch)
 * @param records its records, in order
 * @param session the session, bound to this delivery's lease
 */
public record Delivery(
    long id,
    int kind,
    int originalKind,
    int attempt,
    long dueAtMillis,
    List<byte[]> records,
    Session session) {}
