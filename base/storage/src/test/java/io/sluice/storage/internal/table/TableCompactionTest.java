package io.sluice.storage.internal.table;

import static io.sluice.storage.internal.table.TableFixture.b;
import static io.sluice.storage.internal.table.TableFixture.fails;
import static io.sluice.storage.internal.table.TableFixture.get;
import static io.sluice.storage.internal.table.TableFixture.join;
import static io.sluice.storage.internal.table.TableFixture.put;
import static io.sluice.storage.internal.table.TableFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.storage.ChangePage;
import io.sluice.storage.SegmentInfo;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableChange;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TableKey;
import io.sluice.storage.testing.MemorySegmentBackend;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Compaction with small thresholds: space comes back, data and versions stay. */
class TableCompactionTest {
  static final TableOptions SMALL = new TableOptions(2048, 0.5, 1024, 512, 256);

  private MemorySegmentBackend backend;
  private TableSegments tables;

  @BeforeEach
  void setUp() {
    backend = new MemorySegmentBackend();
    tables = TableFixture.open(backend, SMALL);
    join(tables.create("t"));
  }

  @AfterEach
  void tearDown() {
    tables.close();
  }

  private SegmentInfo segment() {
    return join(backend.info("t"));
  }

  private void churn(int rounds, int keys, Random r) {
    for (int i = 0; i < rounds; i++) {
      String k = "key-" + r.nextInt(keys);
      if (r.nextInt(10) == 0) {
        join(tables.remove("t", List.of(TableKey.unversioned(b(k)))));
      } else {
        put(tables, "t", k, "value-" + i + "-" + "x".repeat(r.nextInt(40)));
      }
    }
  }

  private void awaitCompacted() {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              SegmentInfo i = segment();
              return i.startOffset() > 0 && i.length() - i.startOffset() < 8 * 1024;
            });
  }

  @Test
  void spaceIsReclaimedAndValuesAndVersionsSurvive() {
    long keep = put(tables, "t", "keep", "forever");
    Random r = new Random(1);
    churn(3000, 10, r);
    awaitCompacted();
    SegmentInfo seg = segment();
    assertThat(seg.length()).isGreaterThan(100_000);
    // the key written before every compaction still has its version and value
    TableEntry e = join(tables.get("t", List.of(b("keep")))).get(0);
    assertThat(s(e.value())).isEqualTo("forever");
    assertThat(e.version()).isEqualTo(keep);
    long next =
        join(tables.put("t", List.of(TableEntry.versioned(b("keep"), b("again"), keep)))).get(0);
    assertThat(next).isGreaterThan(seg.length() - 1);
    assertRecoversIdentically();
  }

  @Test
  void oldPositionsAreCompactedAndReadingFromZeroGivesTheCurrentState() {
    long first = put(tables, "t", "a", "1");
    churn(2000, 8, new Random(2));
    awaitCompacted();
    StorageException e = fails(tables.changes("t", first, 10), StorageError.POSITION_COMPACTED);
    long earliest = e.context();
    assertThat(earliest).isGreaterThan(first);
    join(tables.changes("t", earliest, 10));
    assertThat(replay(0, new TreeMap<>())).isEqualTo(current());
  }

  /**
   * Applies the feed from {@code from} to {@code state} until a page comes back empty; when a
   * compaction running meanwhile overtakes it, starts again from 0 with an empty state.
   */
  private Map<String, String> replay(long from, Map<String, String> state) {
    long pos = from;
    while (true) {
      ChangePage p;
      try {
        p = join(tables.changes("t", pos, 50));
      } catch (StorageException e) {
        assertThat(e.error()).isEqualTo(StorageError.POSITION_COMPACTED);
        assertThat(pos).isPositive();
        state.clear();
        pos = 0;
        continue;
      }
      if (p.changes().isEmpty()) {
        return state;
      }
      for (TableChange c : p.changes()) {
        if (c.removed()) {
          state.remove(s(c.key()));
        } else {
          state.put(s(c.key()), s(c.value()) + "@" + c.version());
        }
      }
      pos = p.nextPosition();
    }
  }

  private Map<String, String> current() {
    return TableFixture.dump(tables, "t", 5);
  }

  @Test
  void aFeedConsumerAndReadersKeepUpWhileCompactionRuns() throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Throwable> readerError = new AtomicReference<>();
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  churn(4000, 12, new Random(3));
                  done.set(true);
                });
    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    while (!done.get()) {
                      for (int k = 0; k < 12; k++) {
                        String v = get(tables, "t", "key-" + k);
                        assertThat(v == null || v.startsWith("value-")).isTrue();
                      }
                    }
                  } catch (Throwable t) {
                    readerError.set(t);
                  }
                });
    // the consumer follows the feed; when compaction overtakes it, it starts again from 0
    Map<String, String> state = new HashMap<>();
    long pos = 0;
    int resets = 0;
    while (true) {
      boolean finished = done.get();
      ChangePage p;
      try {
        p = join(tables.changes("t", pos, 64));
      } catch (StorageException e) {
        assertThat(e.error()).isEqualTo(StorageError.POSITION_COMPACTED);
        state.clear();
        pos = 0;
        resets++;
        continue;
      }
      for (TableChange c : p.changes()) {
        if (c.removed()) {
          state.remove(s(c.key()));
        } else {
          state.put(s(c.key()), s(c.value()) + "@" + c.version());
        }
      }
      pos = p.nextPosition();
      if (finished && p.changes().isEmpty()) {
        break;
      }
    }
    writer.join();
    reader.join();
    assertThat(readerError.get()).isNull();
    assertThat(segment().startOffset()).isPositive();
    assertThat(state).isEqualTo(current());
    assertThat(resets).isGreaterThanOrEqualTo(0);
  }

  @Test
  void recoveryFinishesACompactionWhoseTruncationWasLost() {
    backend.failNextTruncates(Integer.MAX_VALUE);
    churn(600, 6, new Random(4));
    Map<String, String> before = current();
    var info = join(tables.info("t"));
    assertThat(segment().startOffset()).isZero();
    tables.close();
    backend.failNextTruncates(0);
    tables = TableFixture.open(backend, SMALL);
    assertThat(segment().startOffset()).isPositive();
    assertThat(current()).isEqualTo(before);
    assertThat(join(tables.info("t"))).isEqualTo(info);
    assertThat(replay(0, new TreeMap<>())).isEqualTo(before);
  }

  @Test
  void aTableRecoveredWithEnoughDeadBytesCompactsWithoutFurtherWrites() {
    tables.close();
    MemorySegmentBackend other = new MemorySegmentBackend();
    TableOptions never = new TableOptions(Long.MAX_VALUE, 0.5, 1024, 512, 256);
    try (TableSegments t = TableFixture.open(other, never)) {
      join(t.create("t"));
      for (int i = 0; i < 500; i++) {
        put(t, "t", "k" + (i % 5), "v" + i);
      }
    }
    assertThat(join(other.info("t")).startOffset()).isZero();
    tables = TableFixture.open(other, SMALL);
    await().atMost(Duration.ofSeconds(20)).until(() -> join(other.info("t")).startOffset() > 0);
    assertThat(get(tables, "t", "k4")).isEqualTo("v499");
  }

  private void assertRecoversIdentically() {
    Map<String, String> before = current();
    var info = join(tables.info("t"));
    Map<String, String> feed = replay(0, new TreeMap<>());
    assertThat(feed).isEqualTo(before);
    try (TableSegments again = TableFixture.open(backend, SMALL)) {
      assertThat(TableFixture.dump(again, "t", 7)).isEqualTo(before);
      assertThat(join(again.info("t"))).isEqualTo(info);
    }
  }
}
