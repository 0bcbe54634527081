package io.sluice.storage.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.storage.SegmentInfo;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: clean close and reopen, again and again, keeps every byte. Each of several rounds
 * opens the engine on the same directory, appends self-checking records (more than the cache and
 * several log files hold, so data goes through the flusher, checkpoints and log deletion), reads
 * the whole segment back and closes; a last open reads everything once more.
 */
class ReopenIT {
  private static final int MAX_PAYLOAD = 2000;

  @Test
  void closeAndReopenKeepsEveryByte(@TempDir Path dir) {
    StorageConfig config =
        StorageConfig.builder(dir)
            .walFileSize(2L << 20)
            .maxAppendBytes(256 << 10)
            .writeQueueBytes(8L << 20)
            .cacheBytes(8L << 20)
            .flushInterval(Duration.ofMillis(50))
            .checkpointInterval(Duration.ofMillis(300))
            .build();
    long seq = 0;
    for (int round = 0; round < 4; round++) {
      try (StorageEngine engine = StorageEngine.open(config)) {
        if (round == 0) {
          engine.segments().create("s", Map.of()).join();
        }
        for (int i = 0; i < 3000; i++, seq++) {
          engine.segments().append("s", Records.encode(0, seq, MAX_PAYLOAD)).join();
        }
        verify(engine, seq, "round " + round);
      }
    }
    try (StorageEngine engine = StorageEngine.open(config)) {
      verify(engine, seq, "after the last reopen");
    }
  }

  private static long length(long records) {
    long n = 0;
    for (long seq = 0; seq < records; seq++) {
      n += Records.OVERHEAD + Records.payloadLength(0, seq, MAX_PAYLOAD);
    }
    return n;
  }

  private static void verify(StorageEngine engine, long records, String when) {
    SegmentInfo info = engine.segments().info("s").join();
    assertThat(info.length()).as(when + ": length").isEqualTo(length(records));
    List<Records.Found> found;
    try {
      found =
          Records.parse(
              "s",
              SegmentReads.readRange(engine.segments(), "s", 0, info.length()),
              0,
              MAX_PAYLOAD);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(when + ": " + e.getMessage(), e);
    }
    assertThat(found).as(when).hasSize((int) records);
    for (int i = 0; i < found.size(); i++) {
      assertThat(found.get(i).seq()).as(when + ": record at " + found.get(i).offset()).isEqualTo(i);
    }
  }
}
