package io.sluice.bench.storage;

import io.sluice.storage.Durability;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Child process of {@link RecoveryBench}: fills an engine's write-ahead log with durable appends
 * while flushing and checkpoints are held off, prints {@code FILLED <bytes>} and waits to be
 * killed, so the next open must replay the whole log. Not thread-safe (a main).
 */
final class WalFill {
  static final int SEGMENTS = 16;
  static final int APPEND_BYTES = 64 << 10;

  private WalFill() {}

  /** The configuration of both the filling child and the timed reopen. */
  static StorageConfig config(Path dir) {
    return StorageConfig.builder(dir)
        .durability(Durability.FORCED)
        .walFileSize(256L << 20)
        .flushInterval(Duration.ofHours(1))
        .checkpointInterval(Duration.ofHours(1))
        .build();
  }

  static void main(Path dir, long bytes) throws Exception {
    StorageEngine engine = StorageEngine.open(config(dir));
    SegmentStore segments = engine.segments();
    for (int s = 0; s < SEGMENTS; s++) {
      segments.create("fill-" + s, Map.of()).join();
    }
    ByteBuffer payload = ByteBuffer.allocate(APPEND_BYTES);
    new java.util.Random(7).nextBytes(payload.array());
    ByteBuffer ro = payload.asReadOnlyBuffer();
    AtomicLong left = new AtomicLong(bytes);
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < SEGMENTS; s++) {
      String seg = "fill-" + s;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (left.addAndGet(-APPEND_BYTES) >= 0) {
                      segments.append(seg, ro.duplicate()).join();
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    System.out.println("FILLED " + bytes + " walBytes=" + engine.stats().walBytes());
    System.out.flush();
    Thread.currentThread().join(); // until killed
  }
}
