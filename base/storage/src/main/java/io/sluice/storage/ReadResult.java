package io.sluice.storage;

import java.nio.ByteBuffer;

/**
 * Bytes read from a segment. Immutable (the buffer is read-only and owned by the caller).
 *
 * @param offset where {@code data} starts in the segment
 * @param data the bytes; empty when a read at the tail timed out waiting
 * @param endOfSegment true when the segment is sealed and {@code data} reaches its end
 * @param segmentLength the segment's length when the read was served
 */
public record ReadResult(long offset, ByteBuffer data, boolean endOfSegment, long segmentLength) {}
