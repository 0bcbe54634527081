package io.sluice.kv.internal.mvcc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Merges the writes of many revisions into few storage operations: up to {@code maxInFlight}
 * operations are outstanding at once; writes arriving meanwhile wait in a batch that is issued as
 * one operation as soon as a slot frees. Each caller's future completes with the result of the
 * operation carrying its items. Batches keep submission order (so a later revision is never in an
 * earlier operation than an earlier one) and stay under {@code maxBatchBytes}. Thread-safe
 * (synchronized; operations are issued outside the lock).
 *
 * @param <T> one item of a write
 * @param <R> what an operation completes with
 */
final class WriteCoalescer<T, R> {
  private final class Batch {
    final List<T> items = new ArrayList<>();
    final CompletableFuture<R> done = new CompletableFuture<>();
    long bytes;
  }

  private final Function<List<T>, CompletableFuture<R>> issue;
  private final ToLongFunction<T> size;
  private final int maxInFlight;
  private final long maxBatchBytes;
  private final ArrayDeque<Batch> waiting = new ArrayDeque<>();
  private int inFlight;

  WriteCoalescer(
      Function<List<T>, CompletableFuture<R>> issue,
      ToLongFunction<T> size,
      int maxInFlight,
      long maxBatchBytes) {
    this.issue = issue;
    this.size = size;
    this.maxInFlight = maxInFlight;
    this.maxBatchBytes = maxBatchBytes;
  }

  CompletableFuture<R> submit(List<T> items) {
    long bytes = 0;
    for (T e : items) {
      bytes += size.applyAsLong(e);
    }
    Batch now = null;
    CompletableFuture<R> result;
    synchronized (this) {
      if (inFlight < maxInFlight && waiting.isEmpty()) {
        inFlight++;
        now = new Batch();
        now.items.addAll(items);
        result = now.done;
      } else {
        Batch last = waiting.peekLast();
        if (last == null || last.bytes + bytes > maxBatchBytes) {
          last = new Batch();
          waiting.addLast(last);
        }
        last.items.addAll(items);
        last.bytes += bytes;
        result = last.done;
      }
    }
    if (now != null) {
      send(now);
    }
    return result;
  }

  private void send(Batch b) {
    CompletableFuture<R> f;
    try {
      f = issue.apply(b.items);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete(
        (v, t) -> {
          Batch next;
          synchronized (this) {
            next = waiting.pollFirst();
            if (next == null) {
              inFlight--;
            }
          }
          if (t == null) {
            b.done.complete(v);
          } else {
            b.done.completeExceptionally(t);
          }
          if (next != null) {
            send(next);
          }
        });
  }
}
