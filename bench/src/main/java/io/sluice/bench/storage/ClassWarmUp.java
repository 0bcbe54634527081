package io.sluice.bench.storage;

import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Runs the engine's open, append, recovery and read paths once on a scratch directory, so that the
 * timed rounds of the recovery and read scenarios do not also time loading the engine's classes
 * (from a jar that is itself cold once the page cache was dropped). Stateless.
 */
final class ClassWarmUp {
  private ClassWarmUp() {}

  static void run(Path baseDir, StorageConfig template) {
    Path dir = BenchDirs.fresh(baseDir, "warm-up-");
    try {
      StorageConfig config = template.toBuilder().dataDir(dir.resolve("engine")).build();
      try (StorageEngine e = StorageEngine.open(config)) {
        e.segments().create("warm-up", Map.of()).join();
        for (int i = 0; i < 64; i++) {
          e.segments().append("warm-up", ByteBuffer.allocate(64 << 10)).join();
        }
      }
      try (StorageEngine e = StorageEngine.open(config)) {
        long length = e.segments().info("warm-up").join().length();
        for (long off = 0; off < length; ) {
          off +=
              e.segments().read("warm-up", off, 1 << 20, Duration.ZERO).join().data().remaining();
        }
      }
    } finally {
      BenchDirs.delete(dir);
    }
  }
}
