package io.sluice.storage.acceptance;

import io.sluice.storage.ReadResult;
import io.sluice.storage.SegmentStore;
import java.nio.ByteBuffer;
import java.time.Duration;

/** Reads whole ranges of a segment through the public API. Stateless and thread-safe. */
final class SegmentReads {
  private static final int CHUNK = 1 << 20;

  private SegmentReads() {}

  /** The bytes {@code [from, to)} of {@code segment}, read in chunks of at most 1 MiB. */
  static ByteBuffer readRange(SegmentStore segments, String segment, long from, long to) {
    long size = to - from;
    if (size < 0 || size > Integer.MAX_VALUE - 8) {
      throw new AssertionError(segment + ": cannot read [" + from + ", " + to + ")");
    }
    ByteBuffer all = ByteBuffer.allocate((int) size);
    long offset = from;
    while (offset < to) {
      int want = (int) Math.min(CHUNK, to - offset);
      ReadResult r = segments.read(segment, offset, want, Duration.ZERO).join();
      if (r.offset() != offset) {
        throw new AssertionError(
            segment + ": read at " + offset + " answered offset " + r.offset() + " instead");
      }
      int got = r.data().remaining();
      if (got == 0 || got > want) {
        throw new AssertionError(
            segment
                + ": read of "
                + want
                + " bytes at "
                + offset
                + " returned "
                + got
                + " (length "
                + r.segmentLength()
                + ")");
      }
      all.put(r.data());
      offset += got;
    }
    return all.flip();
  }
}
