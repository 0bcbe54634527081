package io.sluice.kv.internal.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.sluice.kv.AutoCompactionMode;
import io.sluice.kv.proto.etcdserverpb.PutRequest;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** etcd's periodic and revision auto-compaction on the engine, driven by a manual clock. */
class AutoCompactorTest {
  @TempDir Path dir;
  StorageEngine storage;
  ExecutorService completions;
  ScheduledExecutorService timer;
  ManualClock clock;
  KvEngine engine;

  @BeforeEach
  void open() {
    storage = StorageEngine.open(StorageConfig.builder(dir).build());
    completions = Executors.newFixedThreadPool(2);
    timer = Executors.newSingleThreadScheduledExecutor();
    clock = new ManualClock(1_000_000L);
    engine =
        KvStoreOpener.open(
                storage.segments(), storage.tables(), clock, completions, timer, 1 << 20, 128)
            .engine();
  }

  @AfterEach
  void close() {
    timer.shutdownNow();
    completions.shutdownNow();
    storage.close();
  }

  void puts(int n) {
    for (int i = 0; i < n; i++) {
      engine
          .put(
              PutRequest.newBuilder()
                  .setKey(ByteString.copyFromUtf8("k" + (i % 5)))
                  .setValue(ByteString.copyFromUtf8("v" + i))
                  .build())
          .join();
    }
  }

  @Test
  void revisionModeKeepsTheLastRevisions() {
    AutoCompactor ac = new AutoCompactor(engine, AutoCompactionMode.REVISION, 10);
    assertThat(ac.tick()).isEqualTo(-1);
    puts(30);
    assertThat(ac.tick()).isEqualTo(engine.durableRev() - 10);
    assertThat(engine.compactRev()).isEqualTo(21);
    assertThat(ac.tick()).isEqualTo(-1);
    int retained = engine.read(index -> index.retainedRevisions());
    assertThat(retained).isEqualTo(11);
  }

  @Test
  void periodicModeCompactsAtTheRevisionOfRetentionAgo() {
    AutoCompactor ac = new AutoCompactor(engine, AutoCompactionMode.PERIODIC, 60_000);
    assertThat(ac.tickInterval()).isEqualTo(Duration.ofSeconds(6));
    puts(5);
    long at = engine.durableRev();
    assertThat(ac.tick()).isEqualTo(-1);
    clock.advance(Duration.ofSeconds(30));
    puts(5);
    assertThat(ac.tick()).isEqualTo(-1);
    clock.advance(Duration.ofSeconds(31));
    puts(5);
    assertThat(ac.tick()).isEqualTo(at);
    assertThat(engine.compactRev()).isEqualTo(at);
  }
}
