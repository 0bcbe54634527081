/**
 * Implementation of the sessions face: the log codec, the in-memory session index, the log writer
 * that acknowledges in log order, delivery with leases, compaction, and the gRPC service. All state
 * is owned by one loop thread ({@link io.sluice.sessions.internal.SessionLog}); other threads only
 * enqueue work on it. Not API.
 */
package io.sluice.sessions.internal;
