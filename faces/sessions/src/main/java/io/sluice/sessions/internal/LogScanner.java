package io.sluice.sessions.internal;

import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Reads the session log from one offset to another and hands every decoded entry, with its offset,
 * to a sink. Used to rebuild the live sessions at start and after a write failure. Blocks the
 * calling thread. Not thread-safe.
 */
final class LogScanner {
  /** Receives decoded entries in log order. */
  interface Sink {
    void accept(LogEntry entry, long offset);
  }

  private static final int CHUNK = 1 << 20;

  private final SegmentStore store;
  private final int maxBody;

  LogScanner(SegmentStore store, int maxBody) {
    this.store = store;
    this.maxBody = maxBody;
  }

  /**
   * Scans {@code [from, to)} of {@code segment}, whose first byte is at global offset {@code base}.
   *
   * @return the number of entries decoded
   */
  long scan(String segment, long base, long from, long to, Sink sink) {
    ByteBuffer buf = ByteBuffer.allocate(0);
    long bufStart = from;
    long readPos = from;
    long count = 0;
    while (true) {
      int frame = LogCodec.frameLength(buf, base + bufStart, maxBody);
      if (frame > 0 && buf.remaining() >= frame) {
        ByteBuffer one = buf.slice(buf.position(), frame);
        sink.accept(LogCodec.decode(one, base + bufStart), base + bufStart);
        buf.position(buf.position() + frame);
        bufStart += frame;
        count++;
        continue;
      }
      if (readPos >= to) {
        break;
      }
      int need = frame > 0 ? frame : LogCodec.HEADER;
      int want = (int) Math.min(Math.max(need - buf.remaining(), CHUNK), to - readPos);
      ByteBuffer bigger = ByteBuffer.allocate(buf.remaining() + want);
      bigger.put(buf);
      while (bigger.hasRemaining()) {
        var r = store.read(segment, readPos, bigger.remaining(), Duration.ZERO).join();
        int n = r.data().remaining();
        if (n == 0) {
          throw new StorageException(
              StorageError.CORRUPT,
              "session log " + segment + " ended at " + readPos + " while " + to + " was expected");
        }
        bigger.put(r.data());
        readPos += n;
      }
      buf = bigger.flip();
    }
    if (buf.hasRemaining()) {
      throw new StorageException(
          StorageError.CORRUPT,
          "session log " + segment + " has " + buf.remaining() + " stray bytes at " + bufStart);
    }
    return count;
  }
}
