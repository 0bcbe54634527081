package io.sluice.streams.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.wire.Hello;
import io.sluice.protocol.wire.ReadSegment;
import io.sluice.protocol.wire.SegmentRead;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads on the real engine: each {@code SegmentRead} is one frame the engine copied the bytes into
 * (from cache blocks, files and spans read ahead, with a cache far smaller than the data), with
 * every field and every byte right. Netty's leak detector runs at paranoid in tests.
 */
class SegmentReadFrameTest {
  private static byte expected(long offset) {
    return (byte) ((offset * 0x9E3779B97F4A7C15L) >>> 56);
  }

  @Test
  void framesCarryTheRightBytesFromCacheFilesAndReadAhead(@TempDir Path dir) throws Exception {
    try (StorageEngine engine =
        StorageEngine.open(
            StorageConfig.builder(dir)
                .cacheBytes(1 << 20)
                .flushInterval(Duration.ofMillis(20))
                .build())) {
      String seg = "s/t/0.#epoch.0";
      engine.segments().create(seg, Map.of()).join();
      long length = 0;
      Random rnd = new Random(7);
      while (length < (6 << 20)) {
        int n = 1 + rnd.nextInt(100_000);
        ByteBuffer b = ByteBuffer.allocate(n);
        for (int i = 0; i < n; i++) {
          b.put(i, expected(length + i));
        }
        length = engine.segments().append(seg, b).join();
      }
      SegmentStoreServer server =
          SegmentStoreServer.start(
              engine,
              new InetSocketAddress("127.0.0.1", 0),
              1,
              Duration.ofSeconds(30),
              SegmentAuth.OFF,
              null);
      try (WireClient c = new WireClient(server.address())) {
        c.send(new Hello(16, 5));
        c.receive();
        long id = 100;
        // A sequential reader (read ahead after the first span), then random reads of any size.
        for (long off = 0; off < length; ) {
          off += check(c, seg, off, 1 << 20, ++id, length);
        }
        for (int i = 0; i < 200; i++) {
          long off = (long) (rnd.nextDouble() * length);
          check(c, seg, off, 1 + rnd.nextInt(rnd.nextBoolean() ? 20_000 : 2 << 20), ++id, length);
        }
      } finally {
        server.close();
      }
    }
  }

  private static int check(WireClient c, String seg, long off, int size, long id, long length)
      throws Exception {
    c.send(new ReadSegment(seg, off, size, "", id));
    SegmentRead r = (SegmentRead) c.receive();
    try {
      assertThat(r.segment()).isEqualTo(seg);
      assertThat(r.offset()).isEqualTo(off);
      assertThat(r.requestId()).isEqualTo(id);
      int n = r.data().readableBytes();
      assertThat(n).isBetween(1, Math.min(size, (int) Math.min(Integer.MAX_VALUE, length - off)));
      assertThat(r.atTail()).isEqualTo(off + n >= length);
      for (int i = 0; i < n; i++) {
        if (r.data().getByte(r.data().readerIndex() + i) != expected(off + i)) {
          throw new AssertionError("wrong byte at " + (off + i));
        }
      }
      return n;
    } finally {
      r.release();
    }
  }
}
