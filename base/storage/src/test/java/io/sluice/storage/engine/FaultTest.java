package io.sluice.storage.engine;

import static io.sluice.storage.engine.EngineFixture.bytes;
import static io.sluice.storage.engine.EngineFixture.failure;
import static io.sluice.storage.engine.EngineFixture.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.testing.FaultyFileLayer;
import io.sluice.storage.testing.ManualClock;
import io.sluice.storage.testing.MemoryFileLayer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A full disk, failing writes and failing forces: callers get a clear STORAGE_UNAVAILABLE, nothing
 * acknowledged is lost, reads keep working, and writes resume by themselves once the device works.
 */
class FaultTest {
  private final MemoryFileLayer memory = new MemoryFileLayer();
  private final FaultyFileLayer fs = new FaultyFileLayer(memory);
  private final ManualClock clock = new ManualClock();

  private StorageEngine open() {
    return StorageEngine.open(EngineFixture.config(fs, clock).build());
  }

  @Test
  void diskFullRefusesWritesKeepsReadsAndResumes() {
    try (StorageEngine e = open()) {
      var s = e.segments();
      s.create("seg", Map.of()).join();
      s.append("seg", bytes("before")).join();
      fs.diskFull(true);
      StorageException err = failure(s.append("seg", bytes("lost")));
      assertThat(err.error()).isEqualTo(StorageError.STORAGE_UNAVAILABLE);
      assertThat(err.error().retriable()).isTrue();
      assertThat(err.getMessage()).contains("No space left on device").contains("retry later");
      assertThat(e.stats().writable()).isFalse();
      assertThat(failure(s.append("seg", bytes("lost too"))).error())
          .isEqualTo(StorageError.STORAGE_UNAVAILABLE);
      assertThat(string(s.read("seg", 0, 100, Duration.ZERO).join().data())).isEqualTo("before");
      assertThat(s.info("seg").join().length()).isEqualTo(6);
      fs.diskFull(false);
      await().until(() -> e.stats().writable());
      assertThat(s.append("seg", bytes("+after")).join()).isEqualTo(12);
    }
    try (StorageEngine e =
        StorageEngine.open(EngineFixture.config(memory.crashCopy(), clock).build())) {
      assertThat(string(SegmentReadsHelper.readAll(e.segments(), "seg"))).isEqualTo("before+after");
    }
  }

  @Test
  void writeFailingHalfwayLeavesAValidLog() {
    MemoryFileLayer crashed;
    try (StorageEngine e = open()) {
      var s = e.segments();
      s.create("seg", Map.of()).join();
      s.append("seg", bytes("acked-1;")).join();
      fs.failWritesAfter(5);
      List<CompletableFuture<Long>> batch = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        batch.add(s.append("seg", bytes("maybe-" + i + ";")));
      }
      for (CompletableFuture<Long> f : batch) {
        assertThat(failure(f).error()).isEqualTo(StorageError.STORAGE_UNAVAILABLE);
      }
      assertThat(s.info("seg").join().length()).isEqualTo(8);
      fs.heal();
      assertThat(s.append("seg", bytes("acked-2;")).join()).isEqualTo(16);
      crashed = memory.crashCopy();
    }
    try (StorageEngine e = StorageEngine.open(EngineFixture.config(crashed, clock).build())) {
      assertThat(string(SegmentReadsHelper.readAll(e.segments(), "seg")))
          .isEqualTo("acked-1;acked-2;");
    }
  }

  @Test
  void failingForceIsNeverAcknowledged() {
    MemoryFileLayer crashed;
    try (StorageEngine e = open()) {
      var s = e.segments();
      s.create("seg", Map.of()).join();
      s.append("seg", bytes("a")).join();
      fs.failForces(true);
      assertThat(failure(s.append("seg", bytes("b"))).error())
          .isEqualTo(StorageError.STORAGE_UNAVAILABLE);
      assertThat(s.info("seg").join().length()).isEqualTo(1);
      fs.failForces(false);
      assertThat(s.append("seg", bytes("c")).join()).isEqualTo(2);
      crashed = memory.crashCopy();
    }
    try (StorageEngine e = StorageEngine.open(EngineFixture.config(crashed, clock).build())) {
      assertThat(string(SegmentReadsHelper.readAll(e.segments(), "seg"))).isEqualTo("ac");
    }
  }

  @Test
  void conditionalAppendsAfterAFailureSeeTheDurableLength() {
    try (StorageEngine e = open()) {
      var s = e.segments();
      s.create("seg", Map.of()).join();
      fs.failNextWrites(1);
      assertThat(failure(s.append("seg", bytes("xx"), 0, List.of())).error())
          .isEqualTo(StorageError.STORAGE_UNAVAILABLE);
      assertThat(s.append("seg", bytes("yy"), 0, List.of()).join()).isEqualTo(2);
    }
  }
}
