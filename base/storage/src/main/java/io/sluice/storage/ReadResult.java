package io.sluice.storage;

import java.nio.ByteBuffer;

/**
 * Bytes read from a segment. The buffer is the caller's: a copy the engine made into memory the
 * caller supplied ({@link ReadBuffers}; a fresh heap buffer with {@link SegmentStore#read(String,
 * long, int, java.time.Duration)}), never a view of the engine's cache, so the engine may reuse its
 * memory at once and the caller may keep, change or release the bytes as it likes. Immutable
 * otherwise.
 *
 * @param offset where {@code data} starts in the segment
 * @param data the bytes ({@code remaining()} of them, from position 0); empty when a read at the
 *     tail timed out waiting, or when nothing was readable
 * @param endOfSegment true when the segment is sealed and {@code data} reaches its end
 * @param segmentLength the segment's length when the read was served
 */
public record ReadResult(long offset, ByteBuffer data, boolean endOfSegment, long segmentLength) {}
