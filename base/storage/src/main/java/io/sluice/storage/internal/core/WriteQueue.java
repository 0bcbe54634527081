package io.sluice.storage.internal.core;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The log writer's inbox: many producers, one consumer at a time (whichever thread holds the log
 * writer's ownership: its thread, or a caller writing inline), bounded in bytes and in count. An
 * operation's bytes stay counted until it is completed, so the bound covers the batch being written
 * too. {@link #offer} returns false instead of blocking when full. Thread-safe.
 */
final class WriteQueue {
  private final ConcurrentLinkedQueue<Op<?>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicInteger count = new AtomicInteger();
  private final long maxBytes;
  private final int maxCount;
  private volatile Thread consumer;
  private volatile boolean parked;

  WriteQueue(long maxBytes, int maxCount) {
    this.maxBytes = maxBytes;
    this.maxCount = maxCount;
  }

  void consumer(Thread t) {
    consumer = t;
  }

  /**
   * Queues {@code op} unless that would pass a bound; wakes a parked consumer only if {@code wake}
   * (a caller about to write the queue itself does not wake it).
   */
  boolean offer(Op<?> op, boolean wake) {
    int b = op.queuedBytes();
    long now = bytes.addAndGet(b);
    if (now > maxBytes && now != b) {
      bytes.addAndGet(-b);
      return false;
    }
    if (count.incrementAndGet() > maxCount) {
      count.decrementAndGet();
      bytes.addAndGet(-b);
      return false;
    }
    queue.add(op);
    if (wake && parked) {
      LockSupport.unpark(consumer);
    }
    return true;
  }

  /** Queues {@code op} regardless of the bounds (small control operations). */
  void force(Op<?> op) {
    bytes.addAndGet(op.queuedBytes());
    count.incrementAndGet();
    queue.add(op);
    if (parked) {
      LockSupport.unpark(consumer);
    }
  }

  Op<?> poll() {
    return queue.poll();
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  /** Forgets a completed operation's bytes. */
  void release(Op<?> op) {
    bytes.addAndGet(-op.queuedBytes());
    count.decrementAndGet();
  }

  long bytes() {
    return bytes.get();
  }

  /**
   * The writer thread only: waits until something is queued, or at most {@code nanos}. It first
   * spins {@code spins} rounds of {@link Thread#onSpinWait()} (tens of microseconds at most), so an
   * operation that arrives right after a batch is picked up without a park/unpark round trip.
   */
  void await(long nanos, int spins) {
    for (int i = 0; i < spins; i++) {
      if (!queue.isEmpty()) {
        return;
      }
      Thread.onSpinWait();
    }
    parked = true;
    try {
      if (queue.isEmpty()) {
        LockSupport.parkNanos(this, nanos);
      }
    } finally {
      parked = false;
    }
  }

  /** Operations queued or being written (counted until released). */
  int count() {
    return count.get();
  }

  /** True while the consumer is parked in {@link #await} (not while it spins or works). */
  boolean consumerParked() {
    return parked;
  }

  /** Wakes the consumer (for close and flusher progress). */
  void wake() {
    Thread t = consumer;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }
}
