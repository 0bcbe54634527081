package io.sluice.kv.internal.mvcc;

import io.sluice.storage.TableEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes change records to the MVCC table behind the {@link ChangeLog} that made them durable: in
 * batches of about {@code maxBatchBytes}, one at a time, in the order they arrived; a batch that is
 * not full goes at most {@code delayMillis} after its first record arrived. Once a batch is in the
 * table its revisions' values may leave the cache ({@code applied}) and the change log is truncated
 * up to the frames it came from. {@link #flush} is the barrier compaction waits on (nothing may be
 * removed from the table, nor the compaction recorded, before the table holds every revision up to
 * it).
 *
 * <p>Memory is bounded: once more than {@code maxPendingBytes} of records wait for the table (the
 * table falls behind the log), {@link #room} holds new writes back until the backlog is down to
 * half of that; after a table write failed for good it refuses them. Thread-safe (synchronized;
 * table updates are issued and waiters completed outside the lock).
 */
final class TableBehind {
  private static final Logger LOG = LoggerFactory.getLogger(TableBehind.class);
  private static final long TRUNCATE_STEP = 4 << 20;

  private static final class Batch {
    final List<TableEntry> entries = new ArrayList<>();
    final List<KeyRev> revs = new ArrayList<>();
    final List<CompletableFuture<Void>> waiters = new ArrayList<>();
    long bytes;
    long logEnd;
  }

  private final Function<List<TableEntry>, CompletableFuture<Void>> put;
  private final ChangeLog log;
  private final ScheduledExecutorService timer;
  private final Consumer<KeyRev> applied;
  private final long delayMillis;
  private final long maxBatchBytes;
  private final long maxPendingBytes;
  private final ArrayDeque<Batch> ready = new ArrayDeque<>();
  private Batch open = new Batch();
  private Batch inFlight;
  private boolean scheduled;
  private boolean broken;
  private Throwable brokenBy;
  private long pendingBytes; // added and not yet in the table
  private CompletableFuture<Void> gate; // non-null while writes are held back

  TableBehind(
      Function<List<TableEntry>, CompletableFuture<Void>> put,
      ChangeLog log,
      ScheduledExecutorService timer,
      Consumer<KeyRev> applied,
      long delayMillis,
      long maxBatchBytes,
      long maxPendingBytes) {
    this.put = put;
    this.log = log;
    this.timer = timer;
    this.applied = applied;
    this.delayMillis = delayMillis;
    this.maxBatchBytes = maxBatchBytes;
    this.maxPendingBytes = maxPendingBytes;
  }

  /**
   * Completes when a new write may go to the change log: at once unless the table is more than
   * {@code maxPendingBytes} behind; exceptionally once a table write has failed for good.
   */
  synchronized CompletableFuture<Void> room() {
    if (broken) {
      return CompletableFuture.failedFuture(brokenBy);
    }
    return gate == null ? CompletableFuture.completedFuture(null) : gate;
  }

  /** Bytes of change records waiting for the table. */
  synchronized long pendingBytes() {
    return pendingBytes;
  }

  /** Queues durable change records that the change log holds up to {@code logEnd}. */
  void add(List<TableEntry> entries, List<KeyRev> revs, long logEnd) {
    Batch now;
    synchronized (this) {
      open.entries.addAll(entries);
      open.revs.addAll(revs);
      long bytes = 0;
      for (TableEntry e : entries) {
        bytes += e.key().remaining() + e.value().remaining() + 16;
      }
      open.bytes += bytes;
      pendingBytes += bytes;
      if (gate == null && pendingBytes > maxPendingBytes) {
        gate = new CompletableFuture<>();
        LOG.warn(
            "the KV table is {} bytes behind the change log; holding new writes back until it"
                + " catches up",
            pendingBytes);
      }
      open.logEnd = Math.max(open.logEnd, logEnd);
      if (open.bytes >= maxBatchBytes) {
        ready.addLast(open);
        open = new Batch();
      }
      now = takeIfDue(false);
    }
    if (now != null) {
      send(now);
    }
  }

  /** Completes once everything added before the call is in the table. */
  CompletableFuture<Void> flush() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    Batch now;
    synchronized (this) {
      if (open.entries.isEmpty()) {
        Batch last = ready.isEmpty() ? inFlight : ready.peekLast();
        if (last == null) {
          return CompletableFuture.completedFuture(null);
        }
        last.waiters.add(f);
        return f;
      }
      open.waiters.add(f);
      now = takeIfDue(true);
    }
    if (now != null) {
      send(now);
    }
    return f;
  }

  /**
   * Under the lock: the next batch if one should go now, else null (and a timer if needed). Full
   * batches go at once, the open one when {@code urgent}, waited for, or after the delay.
   */
  private Batch takeIfDue(boolean urgent) {
    if (inFlight != null) {
      return null;
    }
    if (!ready.isEmpty()) {
      inFlight = ready.pollFirst();
      return inFlight;
    }
    if (open.entries.isEmpty()) {
      return null;
    }
    if (urgent || delayMillis == 0 || !open.waiters.isEmpty()) {
      inFlight = open;
      open = new Batch();
      return inFlight;
    }
    if (!scheduled) {
      scheduled = true;
      try {
        timer.schedule(this::onTimer, delayMillis, TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        // the timer is shut down: the face is closing; the change log keeps the records
        scheduled = false;
      }
    }
    return null;
  }

  private void onTimer() {
    Batch now;
    synchronized (this) {
      scheduled = false;
      now = takeIfDue(true);
    }
    if (now != null) {
      send(now);
    }
  }

  private void send(Batch b) {
    CompletableFuture<Void> f;
    try {
      f = put.apply(b.entries);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete(
        (v, t) -> {
          boolean ok = t == null;
          if (ok) {
            b.revs.forEach(applied);
          } else {
            LOG.error(
                "writing KV change records to the table failed; their values stay cached and the"
                    + " change log is no longer truncated (it is replayed at the next start)",
                t);
          }
          Batch next;
          boolean truncate;
          CompletableFuture<Void> opened = null;
          synchronized (this) {
            if (ok) {
              pendingBytes -= b.bytes;
              if (gate != null && pendingBytes <= maxPendingBytes / 2) {
                opened = gate;
                gate = null;
              }
            } else if (!broken) {
              broken = true;
              brokenBy = t;
              opened = gate;
              gate = null;
            }
            truncate = !broken;
            inFlight = null;
            next = takeIfDue(false);
          }
          if (opened != null) {
            if (ok) {
              opened.complete(null);
            } else {
              opened.completeExceptionally(t); // the table failed for good
            }
          }
          if (truncate) {
            log.truncateTo(b.logEnd, TRUNCATE_STEP);
          }
          for (CompletableFuture<Void> w : b.waiters) {
            if (ok) {
              w.complete(null);
            } else {
              w.completeExceptionally(t);
            }
          }
          if (next != null) {
            send(next);
          }
        });
  }
}
