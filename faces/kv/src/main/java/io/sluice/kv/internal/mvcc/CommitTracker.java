package io.sluice.kv.internal.mvcc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * Tracks which revisions are durable. Revisions begin in order (under the writer's lock) and may
 * become durable out of order; the durable revision is the highest one with every revision at or
 * below it durable. Reads are served at the durable revision, so nothing that could still be lost
 * is ever shown. Once a write fails, every waiter and every later wait fails with that error (the
 * store then refuses writes and keeps serving reads). Thread-safe (synchronized; listeners and
 * waiters run outside the lock).
 */
public final class CommitTracker {
  private final TreeMap<Long, Boolean> inFlight = new TreeMap<>();
  private final TreeMap<Long, List<CompletableFuture<Void>>> waiters = new TreeMap<>();
  private final LongConsumer onAdvance;
  private volatile long durable;
  private Throwable failure;

  public CommitTracker(long durable, LongConsumer onAdvance) {
    this.durable = durable;
    this.onAdvance = onAdvance;
  }

  public long durable() {
    return durable;
  }

  /** Registers a revision whose write was just issued. */
  public synchronized void begin(long rev) {
    inFlight.put(rev, Boolean.FALSE);
  }

  /** Marks {@code rev} durable and advances the durable revision as far as possible. */
  public void complete(long rev) {
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    long advancedTo = -1;
    synchronized (this) {
      inFlight.put(rev, Boolean.TRUE);
      while (!inFlight.isEmpty() && inFlight.firstEntry().getValue()) {
        durable = inFlight.pollFirstEntry().getKey();
        advancedTo = durable;
      }
      if (advancedTo >= 0) {
        Map<Long, List<CompletableFuture<Void>>> head = waiters.headMap(advancedTo, true);
        head.values().forEach(ready::addAll);
        head.clear();
      }
    }
    if (advancedTo >= 0) {
      onAdvance.accept(advancedTo);
    }
    ready.forEach(f -> f.complete(null));
  }

  /** Fails every current and future wait beyond the durable revision with {@code t}. */
  public void fail(Throwable t) {
    List<CompletableFuture<Void>> failed = new ArrayList<>();
    synchronized (this) {
      if (failure == null) {
        failure = t;
      }
      waiters.values().forEach(failed::addAll);
      waiters.clear();
    }
    failed.forEach(f -> f.completeExceptionally(t));
  }

  public synchronized Throwable failure() {
    return failure;
  }

  /** Completes once every revision up to {@code rev} is durable (at once if it already is). */
  public CompletableFuture<Void> whenDurable(long rev) {
    synchronized (this) {
      if (durable < rev) {
        if (failure != null) {
          return CompletableFuture.failedFuture(failure);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        waiters.computeIfAbsent(rev, k -> new ArrayList<>(1)).add(f);
        return f;
      }
    }
    return CompletableFuture.completedFuture(null);
  }
}
