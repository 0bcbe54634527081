package io.sluice.storage.internal.table;

import static io.sluice.storage.internal.table.TableFixture.b;
import static io.sluice.storage.internal.table.TableFixture.fails;
import static io.sluice.storage.internal.table.TableFixture.get;
import static io.sluice.storage.internal.table.TableFixture.join;
import static io.sluice.storage.internal.table.TableFixture.put;
import static io.sluice.storage.internal.table.TableFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TableKey;
import io.sluice.storage.TablePage;
import io.sluice.storage.testing.MemorySegmentBackend;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Concurrent updates, the pipeline, and its behaviour when appends fail. */
class TableConcurrencyTest {
  private MemorySegmentBackend backend;
  private TableSegments tables;

  @BeforeEach
  void setUp() {
    backend = new MemorySegmentBackend();
    tables = TableFixture.open(backend);
    join(tables.create("t"));
  }

  @AfterEach
  void tearDown() {
    tables.close();
  }

  @Test
  void compareAndSetFromManyThreadsHasExactlyOneWinnerPerVersion() throws Exception {
    long v0 = join(tables.put("t", List.of(TableEntry.notExists(b("counter"), b("0"))))).get(0);
    int threads = 8;
    int perThread = 150;
    Map<Long, Long> winnerByExpected = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      results.add(
          pool.submit(
              () -> {
                start.await();
                int conflicts = 0;
                for (int n = 0; n < perThread; ) {
                  TableEntry cur = join(tables.get("t", List.of(b("counter")))).get(0);
                  long value = Long.parseLong(s(cur.value()));
                  try {
                    long v =
                        join(tables.put(
                                "t",
                                List.of(
                                    TableEntry.versioned(
                                        b("counter"), b(Long.toString(value + 1)), cur.version()))))
                            .get(0);
                    assertThat(winnerByExpected.put(cur.version(), v)).isNull();
                    n++;
                  } catch (StorageException e) {
                    assertThat(e.error()).isEqualTo(StorageError.BAD_KEY_VERSION);
                    conflicts++;
                  }
                }
                return conflicts;
              }));
    }
    start.countDown();
    for (Future<Integer> f : results) {
      f.get();
    }
    pool.shutdown();
    assertThat(get(tables, "t", "counter")).isEqualTo(Integer.toString(threads * perThread));
    assertThat(winnerByExpected).hasSize(threads * perThread);
    // the winners form one chain of versions from v0
    long v = v0;
    for (int i = 0; i < threads * perThread; i++) {
      v = winnerByExpected.get(v);
    }
    assertThat(join(tables.get("t", List.of(b("counter")))).get(0).version()).isEqualTo(v);
  }

  @Test
  void updatesArePipelinedAndLandInOrder() {
    backend.pauseAppends();
    List<CompletableFuture<List<Long>>> puts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      puts.add(tables.put("t", List.of(TableEntry.unversioned(b("k" + i), b("v" + i)))));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> backend.pausedAppends() == 50);
    assertThat(puts).noneMatch(CompletableFuture::isDone);
    backend.resumeAppends();
    long last = 0;
    for (CompletableFuture<List<Long>> f : puts) {
      long v = join(f).get(0);
      assertThat(v).isGreaterThan(last);
      last = v;
    }
    assertThat(join(tables.info("t")).keyCount()).isEqualTo(50);
  }

  @Test
  void conditionsAreCheckedAgainstUpdatesInFlight() {
    backend.pauseAppends();
    CompletableFuture<List<Long>> first =
        tables.put("t", List.of(TableEntry.notExists(b("k"), b("1"))));
    await().until(() -> backend.pausedAppends() == 1);
    // a conditional update on top of the one in flight is pipelined behind it
    CompletableFuture<List<Long>> blind =
        tables.put("t", List.of(TableEntry.unversioned(b("k"), b("2"))));
    // an update whose check fails waits until nothing is in flight, then fails
    CompletableFuture<List<Long>> conflict =
        tables.put("t", List.of(TableEntry.notExists(b("k"), b("x"))));
    await().until(() -> backend.pausedAppends() == 2);
    assertThat(conflict).isNotDone();
    backend.resumeAppends();
    long v1 = join(first).get(0);
    long v2 = join(blind).get(0);
    assertThat(v2).isGreaterThan(v1);
    fails(conflict, StorageError.BAD_KEY_VERSION);
    assertThat(get(tables, "t", "k")).isEqualTo("2");
  }

  @Test
  void aFailedAppendFailsItsCallerAndTheUpdatesBehindItAreRetried() {
    put(tables, "t", "base", "0");
    backend.pauseAppends();
    backend.failNextAppend(StorageError.BACKPRESSURE, false);
    List<CompletableFuture<List<Long>>> puts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      puts.add(tables.put("t", List.of(TableEntry.unversioned(b("k" + i), b("v" + i)))));
    }
    await().until(() -> backend.pausedAppends() == 5);
    backend.resumeAppends();
    fails(puts.get(0), StorageError.BACKPRESSURE);
    for (int i = 1; i < 5; i++) {
      join(puts.get(i));
      assertThat(get(tables, "t", "k" + i)).isEqualTo("v" + i);
    }
    assertThat(get(tables, "t", "k0")).isNull();
    assertThat(join(tables.info("t")).keyCount()).isEqualTo(5);
    assertRecoversIdentically();
  }

  @Test
  void anAppendThatFailsAfterTakingEffectIsPickedUpByTheResync() {
    backend.pauseAppends();
    backend.failNextAppend(StorageError.STORAGE_UNAVAILABLE, true);
    CompletableFuture<List<Long>> ambiguous =
        tables.put("t", List.of(TableEntry.unversioned(b("a"), b("1"))));
    CompletableFuture<List<Long>> next =
        tables.put("t", List.of(TableEntry.unversioned(b("b"), b("2"))));
    await().until(() -> backend.pausedAppends() == 2);
    backend.resumeAppends();
    fails(ambiguous, StorageError.STORAGE_UNAVAILABLE);
    join(next);
    // the failed append did take effect: the table says so, as a recovery would
    assertThat(get(tables, "t", "a")).isEqualTo("1");
    assertThat(get(tables, "t", "b")).isEqualTo("2");
    put(tables, "t", "c", "3");
    assertRecoversIdentically();
  }

  @Test
  void iterationUnderUpdatesIsOrderedWithoutDuplicatesAndSeesStableKeys() throws Exception {
    List<TableEntry> stable = new ArrayList<>();
    for (int i = 0; i < 200; i += 2) {
      stable.add(TableEntry.unversioned(b(String.format("k%04d", i)), b("stable")));
    }
    join(tables.put("t", stable));
    AtomicBoolean stop = new AtomicBoolean();
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  Random r = new Random(7);
                  while (!stop.get()) {
                    String k = String.format("k%04d", 1 + 2 * r.nextInt(100)); // odd: churn
                    if (r.nextBoolean()) {
                      put(tables, "t", k, "churn");
                    } else {
                      join(tables.remove("t", List.of(TableKey.unversioned(b(k)))));
                    }
                  }
                });
    try {
      for (int round = 0; round < 30; round++) {
        List<String> seen = new ArrayList<>();
        ByteBuffer cont = null;
        do {
          TablePage<TableEntry> page = join(tables.entries("t", cont, 11));
          for (TableEntry e : page.items()) {
            seen.add(s(e.key()));
          }
          cont = page.continuation();
        } while (cont != null);
        assertThat(seen).isSorted().doesNotHaveDuplicates();
        assertThat(seen).containsAll(stable.stream().map(e -> s(e.key())).toList());
      }
    } finally {
      stop.set(true);
      writer.join();
    }
  }

  @Test
  void tablesProceedIndependently() {
    join(tables.create("u"));
    backend.pauseAppends();
    CompletableFuture<List<Long>> t =
        tables.put("t", List.of(TableEntry.unversioned(b("k"), b("t"))));
    CompletableFuture<List<Long>> u =
        tables.put("u", List.of(TableEntry.unversioned(b("k"), b("u"))));
    await().until(() -> backend.pausedAppends() == 2);
    backend.resumeAppends();
    join(t);
    join(u);
    assertThat(get(tables, "t", "k")).isEqualTo("t");
    assertThat(get(tables, "u", "k")).isEqualTo("u");
  }

  @Test
  void deleteWaitsForUpdatesInFlightAndFailsTheOnesQueuedBehindIt() {
    backend.pauseAppends();
    CompletableFuture<List<Long>> before =
        tables.put("t", List.of(TableEntry.unversioned(b("k"), b("v"))));
    CompletableFuture<Void> delete = tables.delete("t", false);
    CompletableFuture<List<Long>> after =
        tables.put("t", List.of(TableEntry.unversioned(b("k"), b("w"))));
    await().until(() -> backend.pausedAppends() == 1);
    assertThat(delete).isNotDone();
    backend.resumeAppends();
    join(before);
    join(delete);
    fails(after, StorageError.SEGMENT_NOT_FOUND);
  }

  @Test
  void closingLetsAppendsInFlightFinishAndFailsWhatIsQueued() {
    backend.pauseAppends();
    CompletableFuture<List<Long>> inFlight =
        tables.put("t", List.of(TableEntry.unversioned(b("a"), b("1"))));
    await().until(() -> backend.pausedAppends() == 1);
    CompletableFuture<List<Long>> waiting =
        tables.put("t", List.of(TableEntry.notExists(b("a"), b("2")))); // waits for the drain
    tables.close();
    backend.resumeAppends();
    join(inFlight);
    fails(waiting, StorageError.CLOSED);
    try (TableSegments again = TableFixture.open(backend)) {
      assertThat(get(again, "t", "a")).isEqualTo("1");
    }
  }

  private void assertRecoversIdentically() {
    Map<String, String> before = TableFixture.dump(tables, "t", 3);
    var info = join(tables.info("t"));
    try (TableSegments again = TableFixture.open(backend)) {
      assertThat(TableFixture.dump(again, "t", 4)).isEqualTo(before);
      assertThat(join(again.info("t"))).isEqualTo(info);
    }
  }
}
