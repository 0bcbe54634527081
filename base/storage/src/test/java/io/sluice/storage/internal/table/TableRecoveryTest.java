package io.sluice.storage.internal.table;

import static io.sluice.storage.internal.table.TableFixture.b;
import static io.sluice.storage.internal.table.TableFixture.join;
import static io.sluice.storage.internal.table.TableFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.storage.ChangePage;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableChange;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TableInfo;
import io.sluice.storage.TableKey;
import io.sluice.storage.testing.MemorySegmentBackend;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code recover()} rebuilds exactly the state a running store had. */
class TableRecoveryTest {
  private static final List<String> TABLES = List.of("alpha", "beta", "gamma");

  /** Compaction rewrites the feed's history, so feeds are compared without it. */
  private static final TableOptions NO_COMPACTION =
      new TableOptions(Long.MAX_VALUE, 0.5, 1 << 20, 512, 256);

  private record State(Map<String, String> entries, TableInfo info, List<String> feed) {}

  private static State state(TableSegments t, String table) {
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
    return new State(TableFixture.dump(t, table, 13), join(t.info(table)), feed);
  }

  private static void workload(TableSegments t, Random r, int ops) {
    for (int i = 0; i < ops; i++) {
      String table = TABLES.get(r.nextInt(TABLES.size()));
      List<TableEntry> puts = new ArrayList<>();
      int n = 1 + r.nextInt(4);
      for (int j = 0; j < n; j++) {
        String k = "k" + r.nextInt(40);
        TableEntry cur = join(t.get(table, List.of(b(k)))).get(0);
        long version =
            switch (r.nextInt(3)) {
              case 0 -> TableKey.NO_VERSION;
              case 1 -> cur == null ? TableKey.NOT_EXISTS : cur.version();
              default -> cur == null ? 12345 : cur.version() + 1; // fails
            };
        puts.add(new TableEntry(b(k), b("v" + i + "-" + j), version));
      }
      try {
        if (r.nextInt(4) == 0) {
          join(
              t.remove(table, puts.stream().map(e -> new TableKey(e.key(), e.version())).toList()));
        } else {
          join(t.put(table, puts));
        }
      } catch (StorageException e) {
        assertThat(e.error()).isEqualTo(StorageError.BAD_KEY_VERSION);
      }
    }
  }

  @Test
  void recoveryRebuildsIdenticalStateAndFeed() {
    MemorySegmentBackend backend = new MemorySegmentBackend(1000);
    join(backend.create("plain-one", Map.of()));
    TableSegments first = TableFixture.open(backend, NO_COMPACTION);
    for (String t : TABLES) {
      join(first.create(t));
    }
    workload(first, new Random(11), 1500);
    List<State> before = TABLES.stream().map(t -> state(first, t)).toList();
    first.close();
    try (TableSegments second = TableFixture.open(backend, NO_COMPACTION)) {
      List<State> after = TABLES.stream().map(t -> state(second, t)).toList();
      assertThat(after).isEqualTo(before);
      assertThat(before.get(0).info().keyCount()).isPositive();
      // and it keeps working where the first left off
      workload(second, new Random(12), 200);
      List<State> later = TABLES.stream().map(t -> state(second, t)).toList();
      try (TableSegments third = TableFixture.open(backend, NO_COMPACTION)) {
        assertThat(TABLES.stream().map(t -> state(third, t)).toList()).isEqualTo(later);
      }
    }
  }

  @Test
  void recoveryAfterCompactionsRebuildsIdenticalEntriesAndVersions() {
    MemorySegmentBackend backend = new MemorySegmentBackend(700);
    TableSegments first = TableFixture.open(backend, TableCompactionTest.SMALL);
    for (String t : TABLES) {
      join(first.create(t));
    }
    workload(first, new Random(13), 1500);
    List<Map<String, String>> before =
        TABLES.stream().map(t -> TableFixture.dump(first, t, 5)).toList();
    List<TableInfo> infos = TABLES.stream().map(t -> join(first.info(t))).toList();
    first.close();
    assertThat(TABLES.stream().mapToLong(t -> join(backend.info(t)).startOffset()).sum())
        .isPositive();
    try (TableSegments second = TableFixture.open(backend, TableCompactionTest.SMALL)) {
      assertThat(TABLES.stream().map(t -> TableFixture.dump(second, t, 6)).toList())
          .isEqualTo(before);
      assertThat(TABLES.stream().map(t -> join(second.info(t))).toList()).isEqualTo(infos);
    }
  }

  @Test
  void aDamagedTableSegmentStopsRecoveryNamingTableAndOffset() {
    MemorySegmentBackend backend = new MemorySegmentBackend();
    try (TableSegments t = TableFixture.open(backend)) {
      join(t.create("t"));
      TableFixture.put(t, "t", "k", "v");
    }
    long length = join(backend.info("t")).length();
    join(backend.append("t", ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9})));
    TableSegments broken = new TableSegments(backend, TableFixture.config());
    assertThatThrownBy(broken::recover)
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.CORRUPT))
        .hasMessageContaining("'t'")
        .hasMessageContaining("offset " + length);
    broken.close();
  }
}
