package io.sluice.storage.internal.table;

import static io.sluice.storage.internal.table.TableFixture.b;
import static io.sluice.storage.internal.table.TableFixture.fails;
import static io.sluice.storage.internal.table.TableFixture.get;
import static io.sluice.storage.internal.table.TableFixture.join;
import static io.sluice.storage.internal.table.TableFixture.put;
import static io.sluice.storage.internal.table.TableFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.storage.ChangePage;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageError;
import io.sluice.storage.TableChange;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TableInfo;
import io.sluice.storage.TableKey;
import io.sluice.storage.TableStore;
import io.sluice.storage.testing.ManualClock;
import io.sluice.storage.testing.MemoryFileLayer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Table segments through the real engine: {@code StorageEngine.open(...).tables()}. */
class TableEngineTest {
  private final MemoryFileLayer fs = new MemoryFileLayer();
  private final ManualClock clock = new ManualClock();

  private StorageEngine open() {
    return open(4 << 20);
  }

  private StorageEngine open(long writeQueueBytes) {
    StorageConfig config =
        StorageConfig.builder(Path.of("/data"))
            .fileLayer(fs)
            .clock(clock)
            .walFileSize(1 << 20)
            .maxAppendBytes(TableFixture.MAX_APPEND)
            .maxKeyBytes(TableFixture.MAX_KEY)
            .writeQueueBytes(writeQueueBytes)
            .cacheBytes(4 << 20)
            .flushInterval(Duration.ofHours(1))
            .checkpointInterval(Duration.ofHours(1))
            .build();
    return StorageEngine.open(config);
  }

  private record State(Map<String, String> entries, TableInfo info, List<String> feed) {}

  private static State state(TableStore t, String table) {
    List<String> feed = new ArrayList<>();
    long pos = 0;
    while (true) {
      ChangePage p = join(t.changes(table, pos, 100));
      if (p.changes().isEmpty()) {
        break;
      }
      for (TableChange c : p.changes()) {
        feed.add(s(c.key()) + "=" + s(c.value()) + "@" + c.version());
      }
      pos = p.nextPosition();
    }
    return new State(TableFixture.dump(t, table, 17), join(t.info(table)), feed);
  }

  private static void workload(TableStore t, String table, int n) {
    List<CompletableFuture<List<Long>>> pending = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      pending.add(
          t.put(
              table,
              List.of(
                  TableEntry.unversioned(b("k" + (i % 50)), b("v" + i)),
                  TableEntry.unversioned(b("other" + (i % 7)), b("w" + i)))));
    }
    pending.forEach(TableFixture::join);
    for (int i = 0; i < 10; i++) {
      join(t.remove(table, List.of(TableKey.unversioned(b("k" + i)))));
    }
  }

  @Test
  void tablesWorkThroughTheEngineAndSurviveCloseReopenAndCrash() {
    State before;
    try (StorageEngine e = open()) {
      TableStore t = e.tables();
      join(t.create("t"));
      workload(t, "t", 500);
      long v = join(t.put("t", List.of(TableEntry.notExists(b("cas"), b("1"))))).get(0);
      fails(
          t.put("t", List.of(TableEntry.versioned(b("cas"), b("2"), v + 1))),
          StorageError.BAD_KEY_VERSION);
      before = state(t, "t");
      assertThat(before.info().keyCount()).isEqualTo(40 + 7 + 1);
    }
    State reopened;
    try (StorageEngine e = open()) {
      reopened = state(e.tables(), "t");
      assertThat(reopened).isEqualTo(before);
      TableEntry cas = join(e.tables().get("t", List.of(b("cas")))).get(0);
      join(e.tables().put("t", List.of(TableEntry.versioned(b("cas"), b("2"), cas.version()))));
      before = state(e.tables(), "t");
    }
    fs.crash(); // drops whatever was not forced: nothing acknowledged may go
    try (StorageEngine e = open()) {
      assertThat(state(e.tables(), "t")).isEqualTo(before);
      assertThat(get(e.tables(), "t", "cas")).isEqualTo("2");
    }
  }

  @Test
  void backpressuredPutsFailCleanlyAndTheRestLand() {
    Map<String, Boolean> landed = new java.util.TreeMap<>();
    int refused = 0;
    try (StorageEngine e = open(TableFixture.MAX_APPEND)) {
      TableStore t = e.tables();
      join(t.create("t"));
      java.nio.ByteBuffer value = java.nio.ByteBuffer.allocate(8 << 10);
      List<CompletableFuture<List<Long>>> pending = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        pending.add(t.put("t", List.of(TableEntry.unversioned(b("k" + i), value.duplicate()))));
      }
      for (int i = 0; i < pending.size(); i++) {
        Throwable x = pending.get(i).handle((v, err) -> err).join();
        if (x != null) {
          assertThat(io.sluice.storage.StorageException.unwrap(x).error())
              .isEqualTo(StorageError.BACKPRESSURE);
          refused++;
        }
        landed.put("k" + i, x == null);
      }
      for (Map.Entry<String, Boolean> k : landed.entrySet()) {
        assertThat(get(t, "t", k.getKey()) != null).as(k.getKey()).isEqualTo(k.getValue());
      }
    }
    try (StorageEngine e = open()) {
      for (Map.Entry<String, Boolean> k : landed.entrySet()) {
        assertThat(get(e.tables(), "t", k.getKey()) != null).as(k.getKey()).isEqualTo(k.getValue());
      }
    }
    System.out.println("[table figures] backpressure: " + refused + " of 400 puts refused");
  }

  @Test
  void tablesAndPlainSegmentsShareOneNameSpace() {
    try (StorageEngine e = open()) {
      join(e.segments().create("plain", Map.of()));
      join(e.tables().create("table"));
      fails(e.tables().create("plain"), StorageError.SEGMENT_EXISTS);
      fails(e.segments().create("table", Map.of()), StorageError.SEGMENT_EXISTS);
      fails(e.tables().get("plain", List.of(b("k"))), StorageError.WRONG_SEGMENT_TYPE);
      fails(e.tables().info("missing"), StorageError.SEGMENT_NOT_FOUND);
      put(e.tables(), "table", "k", "v");
      join(e.tables().delete("table", false));
      fails(e.tables().info("table"), StorageError.SEGMENT_NOT_FOUND);
    }
    try (StorageEngine e = open()) {
      fails(e.tables().info("table"), StorageError.SEGMENT_NOT_FOUND);
      fails(e.tables().info("plain"), StorageError.WRONG_SEGMENT_TYPE);
    }
  }
}
