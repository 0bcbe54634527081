/**
 * The sessions face: a durable session log with redelivery of unfinished sessions, served as the
 * gRPC service {@code sluice.sessions.v1}. Entry point: {@link io.sluice.sessions.SessionsFace}.
 *
 * <p>Storage layout (all in the node's one storage engine, under the prefix {@code _sessions/}):
 *
 * <ul>
 *   <li>{@code _sessions/log}: a plain segment holding every session operation as one record (NEW,
 *       APPEND, REPLACE, DELETE, STORE, DELIVER, MOVE, IMAGE; see {@code LogCodec}). Each operation
 *       is exactly one durable append, acknowledged once the engine reports it durable and every
 *       earlier record is, too. Record bytes are served from this segment.
 *   <li>{@code _sessions/kinds}: a table of kind definitions (timeout, max attempts, dead-letter
 *       kind, jitter).
 *   <li>{@code _sessions/meta}: a table holding the id reservation ({@code next-id}).
 * </ul>
 *
 * <p>In memory: the live sessions (id, kind, status, attempt, due time in wall-clock ms, store
 * order = offset of the STORE record, where each record lies in the log), a redelivery queue per
 * kind in (due time, store order) order, and the handlers with their leases. At start the log is
 * replayed from its first retained offset; sessions found OPEN or DELIVERED were unfinished when
 * the node stopped and are stored (a STORE record) due after their kind's default timeout; stored
 * sessions keep their due time, so timers survive restarts.
 *
 * <p>Threading: one Netty event loop runs both the gRPC server and the session log ({@code
 * SessionLog}), so a request reaches the log, and a durable result reaches the wire, without
 * crossing threads; the storage engine's writer is the only other thread on an operation's path.
 * The {@code Operate} stream carries many callers' operations per message and answers them in
 * batches.
 *
 * <p>Kinds configured with an SP endpoint ({@link io.sluice.sessions.KindEndpoint}, from {@link
 * io.sluice.sessions.KindsConfig}) are handled by the node itself: {@code SpEndpointHandler}
 * subscribes like a {@code Handle} stream and exchanges each delivery with the REP peer over a REQ
 * socket ({@code EndpointCodec} has the message format).
 *
 * <p>Compaction deletes the log segments below the oldest record a live session needs, copying
 * long-lived sessions forward as IMAGE records first, so the space of finished sessions is
 * reclaimed.
 */
package io.sluice.sessions;
