package io.sluice.storage.engine;

import io.sluice.storage.FileLayer;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageException;
import io.sluice.storage.testing.ManualClock;
import io.sluice.storage.testing.MemoryFileLayer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Shared helpers for engine tests: an engine on a memory file system with a manual clock. */
final class EngineFixture {
  static final Path DIR = Path.of("/data");

  private EngineFixture() {}

  static StorageConfig.Builder config(FileLayer fs, ManualClock clock) {
    return StorageConfig.builder(DIR)
        .fileLayer(fs)
        .clock(clock)
        .walFileSize(1 << 20)
        .maxAppendBytes(256 << 10)
        .writeQueueBytes(4 << 20)
        .cacheBytes(4 << 20)
        .flushInterval(Duration.ofHours(1))
        .checkpointInterval(Duration.ofHours(1));
  }

  static StorageEngine open(MemoryFileLayer fs, ManualClock clock) {
    return StorageEngine.open(config(fs, clock).build());
  }

  static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  static String string(ByteBuffer b) {
    return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
  }

  /** The storage exception a future failed with. */
  static StorageException failure(CompletableFuture<?> f) {
    try {
      f.join();
    } catch (CompletionException e) {
      StorageException se = StorageException.unwrap(e);
      if (se != null) {
        return se;
      }
      throw e;
    }
    throw new AssertionError("the future did not fail");
  }
}
