package io.sluice.storage.internal.core;

import io.sluice.storage.Clock;
import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs actions once the injected {@link Clock}'s monotonic time passes their deadline, on one
 * daemon thread. It looks at the clock at least every 50 ms, so a manual clock moved forward by a
 * test fires due actions within that time. Actions must be short. Thread-safe.
 */
public final class Timeouts implements AutoCloseable {
  private static final long MAX_PARK_NANOS = 50_000_000L;

  private record Entry(long deadline, long seq, Runnable action) {}

  private final Clock clock;
  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(
          (a, b) ->
              a.deadline != b.deadline
                  ? Long.compare(a.deadline, b.deadline)
                  : Long.compare(a.seq, b.seq));
  private final Thread thread;
  private long seq;
  private volatile boolean closed;

  public Timeouts(Clock clock, String name) {
    this.clock = clock;
    this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
    thread.start();
  }

  /** Runs {@code action} once the clock reads {@code deadlineNanos} or later. */
  public void schedule(long deadlineNanos, Runnable action) {
    boolean first;
    synchronized (queue) {
      queue.add(new Entry(deadlineNanos, seq++, action));
      first = queue.peek().seq == seq - 1;
    }
    if (first) {
      LockSupport.unpark(thread);
    }
  }

  private void run() {
    while (!closed) {
      long now = clock.nanoTime();
      Entry due = null;
      long wait = MAX_PARK_NANOS;
      synchronized (queue) {
        Entry head = queue.peek();
        if (head != null) {
          if (head.deadline - now <= 0) {
            due = queue.poll();
          } else {
            wait = Math.min(wait, head.deadline - now);
          }
        }
      }
      if (due != null) {
        try {
          due.action.run();
        } catch (RuntimeException e) {
          org.slf4j.LoggerFactory.getLogger(Timeouts.class).warn("timeout action failed", e);
        }
        continue;
      }
      LockSupport.parkNanos(this, Math.max(wait, 100_000L));
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
