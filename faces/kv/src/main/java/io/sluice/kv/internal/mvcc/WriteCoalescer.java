package io.sluice.kv.internal.mvcc;

import io.sluice.storage.TableEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Merges the change records of many revisions into few table updates: up to {@code maxInFlight}
 * updates are outstanding at once; writes arriving meanwhile wait in a batch that is issued as one
 * update as soon as a slot frees. Each caller's future completes when the update carrying its
 * entries is durable. Batches keep submission order (so a later revision is never durable in an
 * earlier update than an earlier one) and stay under {@code maxBatchBytes}. Thread-safe
 * (synchronized; updates are issued outside the lock).
 */
final class WriteCoalescer {
  private static final class Batch {
    final List<TableEntry> entries = new ArrayList<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    long bytes;
  }

  private final Function<List<TableEntry>, CompletableFuture<?>> issue;
  private final int maxInFlight;
  private final long maxBatchBytes;
  private final ArrayDeque<Batch> waiting = new ArrayDeque<>();
  private int inFlight;

  WriteCoalescer(
      Function<List<TableEntry>, CompletableFuture<?>> issue, int maxInFlight, long maxBatchBytes) {
    this.issue = issue;
    this.maxInFlight = maxInFlight;
    this.maxBatchBytes = maxBatchBytes;
  }

  CompletableFuture<Void> submit(List<TableEntry> entries) {
    long bytes = 0;
    for (TableEntry e : entries) {
      bytes += e.key().remaining() + e.value().remaining() + 16;
    }
    Batch now = null;
    CompletableFuture<Void> result;
    synchronized (this) {
      if (inFlight < maxInFlight && waiting.isEmpty()) {
        inFlight++;
        now = new Batch();
        now.entries.addAll(entries);
        result = now.done;
      } else {
        Batch last = waiting.peekLast();
        if (last == null || last.bytes + bytes > maxBatchBytes) {
          last = new Batch();
          waiting.addLast(last);
        }
        last.entries.addAll(entries);
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
    CompletableFuture<?> f;
    try {
      f = issue.apply(b.entries);
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
            b.done.complete(null);
          } else {
            b.done.completeExceptionally(t);
          }
          if (next != null) {
            send(next);
          }
        });
  }
}
