package io.sluice.storage.internal.table;

import static io.sluice.storage.internal.table.TableFixture.b;
import static io.sluice.storage.internal.table.TableFixture.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TableInfo;
import io.sluice.storage.TableStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table segments on a real data directory with forced writes and default tuning: pipelined
 * throughput, compaction reclaiming space, and the time to rebuild a large index. Prints figures.
 */
class TableEngineIT {
  @TempDir Path dir;

  private StorageEngine open() {
    return StorageEngine.open(StorageConfig.builder(dir).build());
  }

  private static void figure(String what, long count, long nanos) {
    System.out.printf(
        "[table figures] %s: %d in %d ms (%.0f/s)%n",
        what, count, nanos / 1_000_000, count * 1e9 / Math.max(nanos, 1));
  }

  @Test
  void pipelinedPutsCompactionAndRecoveryOfALargeTable() {
    ByteBuffer value = ByteBuffer.allocate(4096);
    Map<String, String> churned;
    TableInfo bigInfo;
    try (StorageEngine e = open()) {
      TableStore t = e.tables();
      join(t.create("churn"));
      // 1. pipelined single-entry puts from one caller (group commit batches them)
      int n = 6000;
      long start = System.nanoTime();
      List<CompletableFuture<List<Long>>> pending = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        pending.add(
            t.put("churn", List.of(TableEntry.unversioned(b("k" + (i % 10)), value.duplicate()))));
      }
      pending.forEach(TableFixture::join);
      figure("pipelined 4 KiB puts (forced)", n, System.nanoTime() - start);
      // 2. 24 MiB written over 10 keys: compaction truncates the table's head away
      long first = pending.get(0).join().get(0);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> join(t.info("churn")).lastVersion() - earliest(t, first) < 8L << 20);
      long earliest = earliest(t, first);
      long last = join(t.info("churn")).lastVersion();
      System.out.printf(
          "[table figures] compaction: %d MiB written, changes held from position %d (%d KiB"
              + " before the last change)%n",
          last >> 20, earliest, (last - earliest) >> 10);
      assertThat(earliest).isGreaterThan(last / 2);
      churned = TableFixture.dump(t, "churn", 100);
      assertThat(churned).hasSize(10);
      // 3. a table of 100,000 keys in batches of 500
      join(t.create("big"));
      start = System.nanoTime();
      pending.clear();
      for (int batch = 0; batch < 200; batch++) {
        List<TableEntry> entries = new ArrayList<>(500);
        for (int j = 0; j < 500; j++) {
          entries.add(
              TableEntry.unversioned(
                  b(String.format("key-%08d", batch * 500 + j)), b("value-" + batch + "-" + j)));
        }
        pending.add(t.put("big", entries));
      }
      pending.forEach(TableFixture::join);
      figure("keys put in batches of 500", 100_000, System.nanoTime() - start);
      bigInfo = join(t.info("big"));
    }
    long start = System.nanoTime();
    try (StorageEngine e = open()) {
      figure("engine reopen, keys re-indexed", 100_000, System.nanoTime() - start);
      assertThat(join(e.tables().info("big"))).isEqualTo(bigInfo);
      assertThat(TableFixture.dump(e.tables(), "churn", 100)).isEqualTo(churned);
      start = System.nanoTime();
      int keys = 0;
      ByteBuffer cont = null;
      do {
        var page = join(e.tables().entries("big", cont, 1000));
        keys += page.items().size();
        cont = page.continuation();
      } while (cont != null);
      figure("entries iterated", keys, System.nanoTime() - start);
      assertThat(keys).isEqualTo(100_000);
    }
  }

  /** The earliest change position the table still holds, learnt from POSITION_COMPACTED. */
  private static long earliest(TableStore t, long first) {
    Throwable x = t.changes("churn", first, 1).handle((p, e) -> e).join();
    StorageException se = StorageException.unwrap(x);
    if (se == null) {
      return first;
    }
    assertThat(se.error()).isEqualTo(StorageError.POSITION_COMPACTED);
    return se.context();
  }
}
