package io.sluice.storage.engine;

import io.sluice.storage.ReadResult;
import io.sluice.storage.SegmentStore;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;

/** Reads a whole segment (from its start offset to its length) in a loop. */
final class SegmentReadsHelper {
  private SegmentReadsHelper() {}

  static ByteBuffer readAll(SegmentStore s, String name) {
    var info = s.info(name).join();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long off = info.startOffset();
    while (off < info.length()) {
      ReadResult r = s.read(name, off, 1 << 20, Duration.ZERO).join();
      byte[] b = new byte[r.data().remaining()];
      r.data().duplicate().get(b);
      out.writeBytes(b);
      off += b.length;
      if (b.length == 0) {
        throw new AssertionError("empty read at " + off + " of " + name);
      }
    }
    return ByteBuffer.wrap(out.toByteArray());
  }
}
