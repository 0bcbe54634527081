package io.sluice.storage.engine;

import static io.sluice.storage.engine.EngineFixture.bytes;
import static io.sluice.storage.engine.EngineFixture.failure;
import static io.sluice.storage.engine.EngineFixture.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.storage.Clock;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageStats;
import io.sluice.storage.testing.ManualClock;
import io.sluice.storage.testing.MemoryFileLayer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A caller that finds the log writer idle writes and forces its own batch (see {@code LogWriter}):
 * order, durability before completion, failures and close are the same as on the writer thread, and
 * under load the writer thread's batching is kept.
 */
class InlineWriteTest {
  private final MemoryFileLayer memory = new MemoryFileLayer();
  private final GroupCommitTest.GatedForces fs = new GroupCommitTest.GatedForces(memory);
  private final ManualClock clock = new ManualClock();

  /** Waits until the engine's log writer thread is parked, waiting for work. */
  static void awaitWriterParked() {
    await()
        .pollInterval(Duration.ofMillis(1))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("sluice-log-writer") && t.isAlive())
                    .allMatch(t -> t.getState() == Thread.State.TIMED_WAITING));
  }

  @Test
  void aLoneAppendAfterIdleIsWrittenAndForcedOnTheCallersThread() {
    try (StorageEngine e = StorageEngine.open(EngineFixture.config(fs, clock).build())) {
      e.segments().create("seg", Map.of()).join();
      awaitWriterParked();
      clock.advance(Duration.ofMillis(1));
      CompletableFuture<Long> f = e.segments().append("seg", bytes("x"));
      // Complete when the call returns: written and forced on this thread.
      assertThat(f).isCompletedWithValue(1L);
      assertThat(fs.lastForcer).isSameAs(Thread.currentThread());
      // Without the clock moving the idle time has not passed: the writer thread takes it.
      fs.lastForcer = null;
      e.segments().append("seg", bytes("y")).join();
      assertThat(fs.lastForcer).isNotSameAs(Thread.currentThread());
    }
  }

  @Test
  void turnedOffNoCallEverWaitsForTheDisk() {
    StorageConfig config = EngineFixture.config(fs, clock).inlineWriteIdle(Duration.ZERO).build();
    try (StorageEngine e = StorageEngine.open(config)) {
      var s = e.segments();
      s.create("seg", Map.of()).join();
      fs.permits.drainPermits();
      fs.gated = true;
      clock.advance(Duration.ofSeconds(1));
      CompletableFuture<Long> f = s.append("seg", bytes("a"));
      await().until(() -> fs.permits.hasQueuedThreads());
      assertThat(f).isNotDone();
      fs.gated = false;
      fs.permits.release(Integer.MAX_VALUE / 2);
      assertThat(f.join()).isEqualTo(1);
    }
  }

  /**
   * The caller's force fails: the batch fails with STORAGE_UNAVAILABLE, nothing of it is visible or
   * survives a crash, and the writer thread repairs the log and goes on as after its own failure.
   */
  @Test
  void aForceFailingOnTheCallersThreadFailsTheBatchAndTheLogRecovers() {
    MemoryFileLayer crashed;
    try (StorageEngine e = StorageEngine.open(EngineFixture.config(fs, clock).build())) {
      var s = e.segments();
      s.create("seg", Map.of()).join();
      s.append("seg", bytes("x")).join();
      // Forces on this thread fail; the writer thread's still work.
      fs.failingThread = Thread.currentThread();
      awaitWriterParked();
      clock.advance(Duration.ofMillis(1));
      CompletableFuture<Long> failed = s.append("seg", bytes("y"));
      assertThat(failed).isCompletedExceptionally();
      assertThat(failure(failed).error()).isEqualTo(StorageError.STORAGE_UNAVAILABLE);
      assertThat(s.info("seg").join().length()).isEqualTo(1);
      // The writer thread repairs the log (its probe force works) and writes again.
      await().until(() -> e.stats().writable());
      assertThat(s.append("seg", bytes("c")).join()).isEqualTo(2);
      crashed = memory.crashCopy();
    }
    try (StorageEngine e = StorageEngine.open(EngineFixture.config(crashed, clock).build())) {
      assertThat(string(SegmentReadsHelper.readAll(e.segments(), "seg"))).isEqualTo("xc");
    }
  }

  /** Close waits for a caller's write in progress, then writes what is queued, then stops. */
  @Test
  void closeDuringAnInlineWriteWaitsForItAndWritesWhatIsQueued() throws Exception {
    StorageEngine e = StorageEngine.open(EngineFixture.config(fs, clock).build());
    var s = e.segments();
    s.create("seg", Map.of()).join();
    fs.permits.drainPermits();
    fs.gated = true;
    awaitWriterParked();
    clock.advance(Duration.ofMillis(1));
    CompletableFuture<CompletableFuture<Long>> first = new CompletableFuture<>();
    Thread inline = Thread.ofPlatform().start(() -> first.complete(s.append("seg", bytes("i"))));
    await().until(() -> fs.permits.hasQueuedThreads());
    fs.gatedThread = inline;
    assertThat(fs.lastForcer).isSameAs(inline);
    // The inline caller is stuck in its force; these queue for the writer thread.
    List<CompletableFuture<Long>> queued = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      queued.add(s.append("seg", bytes("q")));
    }
    Thread closer = Thread.ofPlatform().start(e::close);
    // close() waits: its final checkpoint's barrier queues behind the caller's batch.
    await()
        .until(
            () ->
                closer.getState() == Thread.State.WAITING
                    || closer.getState() == Thread.State.TIMED_WAITING);
    assertThat(queued).noneMatch(CompletableFuture::isDone);
    fs.gated = false;
    fs.permits.release(Integer.MAX_VALUE / 2);
    closer.join();
    inline.join();
    assertThat(first.join()).isCompletedWithValue(1L);
    queued.forEach(CompletableFuture::join);
    assertThat(failure(s.append("seg", bytes("late"))).error()).isEqualTo(StorageError.CLOSED);
    try (StorageEngine again = StorageEngine.open(EngineFixture.config(memory, clock).build())) {
      assertThat(string(SegmentReadsHelper.readAll(again.segments(), "seg")))
          .isEqualTo("i" + "q".repeat(10));
    }
  }

  /**
   * A clock that moves 40 us each time it is read, so the idle gate is open whenever it is asked.
   */
  private static final class TickingClock implements Clock {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long currentTimeMillis() {
      return 1_767_225_600_000L + nanos.get() / 1_000_000L;
    }

    @Override
    public long nanoTime() {
      return nanos.addAndGet(40_000L);
    }
  }

  /**
   * Eight threads append numbered records, pipelined and sometimes waiting, to their own segment
   * and to one shared segment, while batches go out on the writer thread and on callers' threads.
   * Every segment holds each thread's records in submit order, and a crash taken halfway keeps
   * every append acknowledged before it.
   */
  @Test
  void inlineAndWriterBatchesMixedKeepOrderAndAcknowledgeOnlyDurableRecords() throws Exception {
    int threads = 8;
    int perThread = 300;
    StorageConfig config =
        EngineFixture.config(fs, new ManualClock()).clock(new TickingClock()).build();
    AtomicReference<MemoryFileLayer> crash = new AtomicReference<>();
    Map<String, List<Long>> ackedAtCrash = new ConcurrentHashMap<>();
    Map<String, List<Long>> acked = new ConcurrentHashMap<>();
    AtomicInteger done = new AtomicInteger();
    try (StorageEngine e = StorageEngine.open(config)) {
      var s = e.segments();
      s.create("shared", Map.of()).join();
      s.create("solo", Map.of()).join();
      java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(threads);
      for (int t = 0; t < threads; t++) {
        s.create("own-" + t, Map.of()).join();
      }
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        workers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      CompletableFuture<Long> last = null;
                      for (int i = 0; i < perThread; i++) {
                        long rec = ((long) id << 32) | i;
                        if (i > 0 && i % 50 == 0) {
                          // Every thread's appends done; thread 0 writes one batch inline for
                          // sure, then everyone goes on.
                          last.join();
                          meet(barrier);
                          if (id == 0) {
                            awaitWriterParked();
                            s.append("solo", longBytes(i)).join(); // a batch of one op
                            awaitWriterParked();
                            s.append("solo", longBytes(i)).join(); // inline
                          }
                          meet(barrier);
                        }
                        for (String seg : List.of("own-" + id, "shared")) {
                          CompletableFuture<Long> f = s.append(seg, longBytes(rec));
                          f.thenRun(
                              () -> {
                                acked
                                    .computeIfAbsent(seg, k -> new CopyOnWriteArrayList<>())
                                    .add(rec);
                                if (done.incrementAndGet() == threads * perThread) {
                                  // Halfway (of both segments' appends): what is durable now.
                                  for (var en : acked.entrySet()) {
                                    ackedAtCrash.put(en.getKey(), List.copyOf(en.getValue()));
                                  }
                                  crash.set(memory.crashCopy());
                                }
                              });
                          last = f;
                        }
                        if (i % 4 == 3) {
                          last.join();
                        }
                      }
                      last.join();
                    }));
      }
      for (Thread w : workers) {
        w.join();
      }
      for (int t = 0; t < threads; t++) {
        assertThat(records(e, "own-" + t)).containsExactlyElementsOf(sequence(t, perThread));
      }
      assertInSubmitOrderPerThread(records(e, "shared"), threads, perThread);
      assertThat(e.stats().walForces()).isPositive();
    }
    assertThat(fs.forcesByCallers.get()).as("batches forced on a caller's thread").isPositive();
    try (StorageEngine e = StorageEngine.open(EngineFixture.config(crash.get(), clock).build())) {
      for (var en : ackedAtCrash.entrySet()) {
        assertThat(records(e, en.getKey())).containsAll(en.getValue());
      }
      for (int t = 0; t < threads; t++) {
        List<Long> own = records(e, "own-" + t);
        assertThat(own).containsExactlyElementsOf(sequence(t, own.size()));
      }
      assertInSubmitOrderPerThread(records(e, "shared"), threads, perThread);
    }
  }

  /**
   * 64 submitters, each appending and waiting, on a disk whose force takes 200 us: the writer stays
   * busy, so forces still carry many operations each (the idle gate never opens for long).
   */
  @Test
  void underLoadTheWriterThreadStillBatches() throws Exception {
    fs.forceNanos = 200_000L;
    StorageConfig config = EngineFixture.config(fs, clock).clock(Clock.SYSTEM).build();
    try (StorageEngine e = StorageEngine.open(config)) {
      var s = e.segments();
      for (int t = 0; t < 64; t++) {
        s.create("seg-" + t, Map.of()).join();
      }
      StorageStats before = e.stats();
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < 64; t++) {
        String seg = "seg-" + t;
        workers.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (int i = 0; i < 100; i++) {
                        s.append(seg, ByteBuffer.allocate(100)).join();
                      }
                    }));
      }
      for (Thread w : workers) {
        w.join();
      }
      StorageStats after = e.stats();
      long records = after.walRecords() - before.walRecords();
      long forces = after.walForces() - before.walForces();
      assertThat(records).isEqualTo(6400);
      assertThat((double) records / forces).as("records per force").isGreaterThan(16);
    }
  }

  private static void meet(java.util.concurrent.CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A big append (a stream's block) and any append right after a batch of several operations go to
   * the writer thread even when the log is idle; the next lone small one is written inline again.
   */
  @Test
  void bigAppendsAndAppendsAfterABatchOfSeveralAreLeftToTheWriterThread() {
    try (StorageEngine e = StorageEngine.open(EngineFixture.config(fs, clock).build())) {
      var s = e.segments();
      s.create("seg", Map.of()).join();
      awaitWriterParked();
      clock.advance(Duration.ofMillis(1));
      fs.lastForcer = null;
      s.append("seg", ByteBuffer.allocate(32 << 10)).join();
      assertThat(fs.lastForcer).isNotSameAs(Thread.currentThread());
      // Three appends in one batch (the first is held in its force by the writer thread).
      fs.permits.drainPermits();
      fs.gated = true;
      List<CompletableFuture<Long>> held = new ArrayList<>();
      held.add(s.append("seg", bytes("a")));
      await().until(() -> fs.permits.hasQueuedThreads());
      held.add(s.append("seg", bytes("b")));
      held.add(s.append("seg", bytes("c")));
      held.add(s.append("seg", bytes("d")));
      fs.gated = false;
      fs.permits.release(Integer.MAX_VALUE / 2);
      held.forEach(CompletableFuture::join);
      awaitWriterParked();
      clock.advance(Duration.ofMillis(1));
      fs.lastForcer = null;
      s.append("seg", bytes("e")).join();
      assertThat(fs.lastForcer).isNotSameAs(Thread.currentThread());
      awaitWriterParked();
      clock.advance(Duration.ofMillis(1));
      assertThat(s.append("seg", bytes("f"))).isCompletedWithValue((32 << 10) + 6L);
      assertThat(fs.lastForcer).isSameAs(Thread.currentThread());
    }
  }

  private static ByteBuffer longBytes(long v) {
    return ByteBuffer.allocate(8).putLong(0, v);
  }

  private static List<Long> records(StorageEngine e, String seg) {
    ByteBuffer all = SegmentReadsHelper.readAll(e.segments(), seg);
    List<Long> out = new ArrayList<>();
    while (all.remaining() >= 8) {
      out.add(all.getLong());
    }
    assertThat(all.remaining()).isZero();
    return out;
  }

  private static List<Long> sequence(int thread, int n) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(((long) thread << 32) | i);
    }
    return out;
  }

  private static void assertInSubmitOrderPerThread(List<Long> recs, int threads, int perThread) {
    int[] next = new int[threads];
    for (long r : recs) {
      int t = (int) (r >>> 32);
      assertThat((int) r).as("next record of thread %d", t).isEqualTo(next[t]);
      next[t]++;
    }
    assertThat(recs.size()).isLessThanOrEqualTo(threads * perThread);
  }
}
