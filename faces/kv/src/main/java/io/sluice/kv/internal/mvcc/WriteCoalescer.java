package io.sluice.kv.internal.mvcc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Merges the writes of many revisions into few storage operations: up to {@code maxInFlight}
 * operations are outstanding at once; writes arriving meanwhile wait in a batch that is issued as
 * one operation as soon as a slot frees. Each caller's future completes with the result of the
 * operation carrying its items. Batches keep submission order (so a later revision is never in an
 * earlier operation than an earlier one) and stay under {@code maxBatchBytes}.
 *
 * <p>An operation is issued in two steps: {@code place} fixes its place in the order of operations
 * and runs under this coalescer's monitor, in batch order, whichever thread picks the batch (the
 * submitter, or the thread completing an earlier operation); the step it returns builds and sends
 * the operation outside this coalescer's monitor. A submitter gets that step back in its {@link
 * Submission} and runs it when it chooses (e.g. after releasing its own locks); operations placed
 * later wait for it. Placing under the monitor keeps the order when completions on different
 * threads (the log writer, an inline writer) pick batches at once. Thread-safe (synchronized).
 *
 * @param <T> one item of a write
 * @param <R> what an operation completes with
 */
final class WriteCoalescer<T, R> {
  /**
   * A submitted write.
   *
   * @param done completes with the result of the operation carrying the write
   * @param issue sends the operation if this write started one (else does nothing); to be run
   *     exactly once, outside any lock the submitter holds
   */
  record Submission<R>(CompletableFuture<R> done, Runnable issue) {}

  private static final Runnable NOTHING = () -> {};

  private final class Batch {
    final List<T> items = new ArrayList<>();
    final CompletableFuture<R> done = new CompletableFuture<>();
    long bytes;
  }

  private final Function<List<T>, Supplier<CompletableFuture<R>>> place;
  private final ToLongFunction<T> size;
  private final int maxInFlight;
  private final long maxBatchBytes;
  private final ArrayDeque<Batch> waiting = new ArrayDeque<>();
  private int inFlight;

  /**
   * @param place called under this coalescer's monitor with a batch's items, in batch order: takes
   *     the operation's place in line (cheap, never blocks) and returns the step that sends it
   */
  WriteCoalescer(
      Function<List<T>, Supplier<CompletableFuture<R>>> place,
      ToLongFunction<T> size,
      int maxInFlight,
      long maxBatchBytes) {
    this.place = place;
    this.size = size;
    this.maxInFlight = maxInFlight;
    this.maxBatchBytes = maxBatchBytes;
  }

  Submission<R> submit(List<T> items) {
    long bytes = 0;
    for (T e : items) {
      bytes += size.applyAsLong(e);
    }
    synchronized (this) {
      if (inFlight < maxInFlight && waiting.isEmpty()) {
        inFlight++;
        Batch now = new Batch();
        now.items.addAll(items);
        Supplier<CompletableFuture<R>> step = place.apply(now.items);
        return new Submission<>(now.done, () -> send(now, step));
      }
      Batch last = waiting.peekLast();
      if (last == null || last.bytes + bytes > maxBatchBytes) {
        last = new Batch();
        waiting.addLast(last);
      }
      last.items.addAll(items);
      last.bytes += bytes;
      return new Submission<>(last.done, NOTHING);
    }
  }

  private void send(Batch b, Supplier<CompletableFuture<R>> step) {
    CompletableFuture<R> f;
    try {
      f = step.get();
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete(
        (v, t) -> {
          Batch next;
          Supplier<CompletableFuture<R>> nextStep = null;
          synchronized (this) {
            next = waiting.pollFirst();
            if (next == null) {
              inFlight--;
            } else {
              nextStep = place.apply(next.items);
            }
          }
          if (t == null) {
            b.done.complete(v);
          } else {
            b.done.completeExceptionally(t);
          }
          if (next != null) {
            send(next, nextStep);
          }
        });
  }
}
