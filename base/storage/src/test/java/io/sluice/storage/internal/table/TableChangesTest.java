package io.sluice.storage.internal.table;

import static io.sluice.storage.internal.table.TableFixture.b;
import static io.sluice.storage.internal.table.TableFixture.join;
import static io.sluice.storage.internal.table.TableFixture.put;
import static io.sluice.storage.internal.table.TableFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.storage.ChangePage;
import io.sluice.storage.TableChange;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TableKey;
import io.sluice.storage.testing.MemorySegmentBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TableChangesTest {
  private MemorySegmentBackend backend;
  private TableSegments tables;

  @BeforeEach
  void setUp() {
    backend = new MemorySegmentBackend();
    // remember a record start every 64 bytes, so reads start from the middle of the table
    tables = TableFixture.open(backend, new TableOptions(4L << 20, 0.5, 1 << 20, 256, 64));
    join(tables.create("t"));
  }

  @AfterEach
  void tearDown() {
    tables.close();
  }

  private static String show(TableChange c) {
    return s(c.key()) + "=" + s(c.value()) + "@" + c.version();
  }

  @Test
  void theFeedListsPutsAndRemovesInOrder() {
    long v1 = put(tables, "t", "a", "1");
    long v2 = put(tables, "t", "b", "2");
    join(tables.remove("t", List.of(TableKey.unversioned(b("a")))));
    List<Long> v45 =
        join(
            tables.put(
                "t",
                List.of(
                    TableEntry.unversioned(b("c"), b("3")),
                    TableEntry.unversioned(b("b"), b("4")))));
    long v3 = join(tables.changes("t", v2, 1)).changes().get(0).version();
    assertThat(v3).isBetween(v2 + 1, v45.get(0) - 1);
    ChangePage all = join(tables.changes("t", 0, 100));
    assertThat(all.changes().stream().map(TableChangesTest::show))
        .containsExactly(
            "a=1@" + v1, "b=2@" + v2, "a=null@" + v3, "c=3@" + v45.get(0), "b=4@" + v45.get(1));
    assertThat(all.changes().get(2).removed()).isTrue();
    assertThat(all.nextPosition()).isEqualTo(v45.get(1));
    assertThat(join(tables.info("t")).lastVersion()).isEqualTo(v45.get(1));

    List<String> paged = new ArrayList<>();
    long pos = 0;
    while (true) {
      ChangePage p = join(tables.changes("t", pos, 2));
      if (p.changes().isEmpty()) {
        assertThat(p.nextPosition()).isEqualTo(pos);
        break;
      }
      assertThat(p.changes()).hasSizeLessThanOrEqualTo(2);
      p.changes().forEach(c -> paged.add(show(c)));
      pos = p.nextPosition();
    }
    assertThat(paged).isEqualTo(all.changes().stream().map(TableChangesTest::show).toList());
    assertThat(join(tables.changes("t", v2, 100)).changes().stream().map(TableChangesTest::show))
        .containsExactly("a=null@" + v3, "c=3@" + v45.get(0), "b=4@" + v45.get(1));
  }

  /** Every change after {@code from}, page by page (pages may hold fewer than asked). */
  private List<TableChange> allChanges(long from) {
    List<TableChange> out = new ArrayList<>();
    long pos = from;
    while (true) {
      ChangePage p = join(tables.changes("t", pos, 1000));
      if (p.changes().isEmpty()) {
        return out;
      }
      out.addAll(p.changes());
      pos = p.nextPosition();
    }
  }

  @Test
  void positionsFromEveryEntryResumeTheFeedExactly() {
    List<Long> versions = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      versions.add(put(tables, "t", "k" + (i % 7), "value-" + i));
    }
    for (int i = 0; i < versions.size(); i++) {
      List<TableChange> rest = allChanges(versions.get(i));
      assertThat(rest).hasSize(versions.size() - 1 - i);
      if (!rest.isEmpty()) {
        assertThat(rest.get(0).version()).isEqualTo(versions.get(i + 1));
      }
    }
  }
}
