package io.sluice.bench.sessions;

import io.sluice.bench.sessions.SessionsBench.Rate;
import io.sluice.bench.sessions.SessionsBench.Step;
import io.sluice.bench.sessions.SessionsBench.WalUse;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageStats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;

/**
 * Runs the measurements of one round at the same time, interleaved: every mode's setup (engine,
 * face, clients) exists for the whole round, but only one mode's clients run at a time, taking
 * turns in {@code slices} windows of {@code seconds / slices} each. A disturbance of the machine
 * (another process's builds, or its forces on the same disk) then falls on every mode alike instead
 * of on whichever mode ran in that minute, so the ratios stay meaningful on a shared machine. The
 * warm-up alternates the same way (5 s per mode). Not thread-safe: one run at a time.
 */
final class Interleaved {
  /** Runs one mode's setup and measures it with the measurer given. */
  interface ModeRunner {
    Rate run(String mode, SessionsBench.Measurer m) throws Exception;
  }

  /** After a switch, before counting: the previous mode's last steps finish. */
  private static final long SETTLE_MILLIS = 50;

  private static final long WARM_UP_MILLIS_PER_MODE = 5_000;

  /** One mode's workload and what was measured of it. */
  private static final class Workload {
    final String mode;
    final StorageEngine engine;
    final int clients;
    final IntFunction<Step> steps;
    final CompletableFuture<Rate> result = new CompletableFuture<>();
    final LongAdder ops = new LongAdder();
    long measuredOps;
    long measuredNanos;
    long forces;
    long records;
    double loadSum;
    int loadSamples;
    final Map<String, Double> cpuWeighted = new LinkedHashMap<>();

    Workload(String mode, StorageEngine engine, int clients, IntFunction<Step> steps) {
      this.mode = mode;
      this.engine = engine;
      this.clients = clients;
      this.steps = steps;
    }
  }

  private final Map<String, Workload> workloads = new ConcurrentHashMap<>();
  private final CountDownLatch registered;
  private final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition turn = lock.newCondition();
  private volatile String active = "";
  private volatile boolean stop;

  private Interleaved(int modes) {
    this.registered = new CountDownLatch(modes);
  }

  /** Runs {@code modes} interleaved; returns each one's rate, in the order of {@code modes}. */
  static Map<String, Rate> run(List<String> modes, double seconds, int slices, ModeRunner runner)
      throws Exception {
    Interleaved il = new Interleaved(modes.size());
    Map<String, Rate> rates = new ConcurrentHashMap<>();
    List<Thread> setups = new ArrayList<>();
    for (String mode : modes) {
      setups.add(
          Thread.ofPlatform()
              .name("bench-" + mode)
              .start(
                  () -> {
                    try {
                      rates.put(
                          mode,
                          runner.run(
                              mode, (engine, n, steps) -> il.register(mode, engine, n, steps)));
                    } catch (Throwable t) {
                      il.fail(t);
                    }
                  }));
    }
    try {
      il.drive(modes, seconds, slices);
    } catch (RuntimeException | InterruptedException e) {
      il.fail(e);
    }
    for (Thread t : setups) {
      t.join();
    }
    if (!il.errors.isEmpty()) {
      throw new IllegalStateException(
          il.errors.size() + " failures in an interleaved round", il.errors.get(0));
    }
    Map<String, Rate> ordered = new LinkedHashMap<>();
    modes.forEach(m -> ordered.put(m, rates.get(m)));
    return ordered;
  }

  private void fail(Throwable t) {
    errors.add(t);
    stop = true;
    activate("");
    workloads.values().forEach(w -> w.result.completeExceptionally(t));
    while (registered.getCount() > 0) {
      registered.countDown();
    }
  }

  /** Called by a mode's setup thread: registers its workload and waits until it was measured. */
  private Rate register(String mode, StorageEngine engine, int clients, IntFunction<Step> steps)
      throws Exception {
    Workload w = new Workload(mode, engine, clients, steps);
    workloads.put(mode, w);
    registered.countDown();
    if (stop) {
      throw new IllegalStateException("the round failed before " + mode + " could run");
    }
    return w.result.get();
  }

  private void awaitTurn(String mode) throws InterruptedException {
    if (stop || active.equals(mode)) {
      return;
    }
    lock.lock();
    try {
      while (!stop && !active.equals(mode)) {
        turn.await();
      }
    } finally {
      lock.unlock();
    }
  }

  private void activate(String mode) {
    lock.lock();
    try {
      active = mode;
      turn.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void drive(List<String> modes, double seconds, int slices) throws InterruptedException {
    while (!registered.await(100, TimeUnit.MILLISECONDS)) {
      if (stop) {
        return;
      }
    }
    if (stop) {
      return;
    }
    List<Thread> threads = new ArrayList<>();
    for (String mode : modes) {
      Workload w = workloads.get(mode);
      for (int c = 0; c < w.clients; c++) {
        Step step = w.steps.apply(c);
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        while (true) {
                          awaitTurn(mode);
                          if (stop) {
                            return;
                          }
                          w.ops.add(step.run());
                        }
                      } catch (Exception | Error e) {
                        fail(e);
                      }
                    }));
      }
    }
    long chunk = 1_000;
    for (long done = 0; done < WARM_UP_MILLIS_PER_MODE && !stop; done += chunk) {
      for (String mode : modes) {
        activate(mode);
        Thread.sleep(chunk);
      }
    }
    long sliceNanos = (long) (seconds * 1e9 / slices);
    for (int s = 0; s < slices && !stop; s++) {
      for (String mode : modes) {
        measureSlice(workloads.get(mode), sliceNanos);
      }
    }
    stop = true;
    activate("");
    for (Thread t : threads) {
      t.join();
    }
    for (String mode : modes) {
      Workload w = workloads.get(mode);
      Map<String, Double> cpu = new LinkedHashMap<>();
      w.cpuWeighted.forEach((k, v) -> cpu.put(k, w.measuredOps == 0 ? 0 : v / w.measuredOps));
      double secs = w.measuredNanos / 1e9;
      w.result.complete(
          new Rate(
              w.measuredOps,
              secs,
              cpu,
              new WalUse(w.forces / secs, w.forces == 0 ? 0 : w.records / (double) w.forces),
              w.loadSamples == 0 ? -1 : w.loadSum / w.loadSamples));
    }
  }

  private void measureSlice(Workload w, long sliceNanos) throws InterruptedException {
    activate(w.mode);
    Thread.sleep(SETTLE_MILLIS);
    CpuUse cpu = CpuUse.start();
    StorageStats s0 = w.engine.stats();
    long ops0 = w.ops.sum();
    long t0 = System.nanoTime();
    TimeUnit.NANOSECONDS.sleep(sliceNanos);
    long t1 = System.nanoTime();
    long ops = w.ops.sum() - ops0;
    StorageStats s1 = w.engine.stats();
    Map<String, Double> perOp = cpu.microsPerOp(ops);
    perOp.forEach((k, v) -> w.cpuWeighted.merge(k, v * ops, Double::sum));
    w.measuredOps += ops;
    w.measuredNanos += t1 - t0;
    w.forces += s1.walForces() - s0.walForces();
    w.records += s1.walRecords() - s0.walRecords();
    w.loadSum += SessionsBench.loadAverage();
    w.loadSamples++;
  }
}
