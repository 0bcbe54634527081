package io.sluice.sp.internal;

import io.sluice.sp.Message;
import io.sluice.sp.SpError;
import io.sluice.sp.SpException;
import java.util.ArrayDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A queue of messages bounded in bytes (nanomsg's SNDBUF/RCVBUF semantics: a message is accepted
 * while the queued bytes are below the capacity, so one large message always fits an empty queue).
 * It joins user threads and the I/O thread: user calls block with a timeout, I/O calls never block.
 *
 * <p>Once {@link #signalVia(Reactor)} is set, the I/O thread's {@link #offer} and {@link #poll} do
 * not wake waiting user threads one message at a time: they note what changed and wake them once,
 * at the end of the I/O thread's loop turn, for everything that turn did (a receiver is woken once
 * per batch read from the network, a blocked sender once per batch written).
 *
 * <p>Thread-safe.
 */
public final class MessageQueue {
  /** Bytes charged per message on top of its size, so empty messages are bounded too. */
  static final int OVERHEAD = 32;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final ArrayDeque<Message> items = new ArrayDeque<>();
  private volatile int size; // items.size(), readable without the lock by a spinning taker
  private final Spin takeSpin = new Spin();
  private final CopyOnWriteArrayList<Runnable> watchers = new CopyOnWriteArrayList<>();
  private final SpClockNanos clock;
  private volatile long capacity;
  private long bytes;
  private volatile boolean closed;
  private Runnable onTake;

  // deferred wake-ups (I/O thread sets them under the lock, signalDeferred() runs them)
  private Reactor deferTo;
  private int deferredTakers;
  private boolean deferredRoom;
  private boolean deferredWatchers;
  private boolean deferScheduled;
  private final Reactor.Flushable deferredSignaller = this::signalDeferred;

  /** A clock in nanos, decoupled from the public type for tests of this class. */
  @FunctionalInterface
  public interface SpClockNanos {
    long nanoTime();
  }

  /** A queue holding up to {@code capacity} bytes (long max = unbounded). */
  public MessageQueue(long capacity, SpClockNanos clock) {
    this.capacity = capacity;
    this.clock = clock;
  }

  /** Sets a hook run (outside the lock) after a user take left room. */
  void onTake(Runnable hook) {
    this.onTake = hook;
  }

  /**
   * Makes {@link #offer} and {@link #poll} (I/O thread) wake user threads once per loop turn of
   * {@code reactor} instead of once per message. Set before the queue is used.
   */
  void signalVia(Reactor reactor) {
    this.deferTo = reactor;
  }

  /** Changes the capacity. */
  void capacity(long capacity) {
    this.capacity = capacity;
    lock.lock();
    try {
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Registers a readiness watcher (pollers), run on every empty/full transition. */
  public void watch(Runnable watcher) {
    watchers.add(watcher);
  }

  /** Removes a watcher. */
  public void unwatch(Runnable watcher) {
    watchers.remove(watcher);
  }

  private static long cost(Message m) {
    return (long) m.size() + OVERHEAD;
  }

  /**
   * Non-blocking put honouring the capacity (I/O thread); false if full or closed. Wakes a waiting
   * receiver at once, or at the end of the loop turn (see {@link #signalVia}).
   */
  public boolean offer(Message m) {
    boolean wasEmpty;
    lock.lock();
    try {
      if (closed || bytes >= capacity) {
        return false;
      }
      wasEmpty = items.isEmpty();
      items.add(m);
      size = items.size();
      bytes += cost(m);
      if (deferTo == null || !deferTo.inLoop()) {
        notEmpty.signal();
      } else {
        deferredTakers++;
        deferredWatchers |= wasEmpty;
        wasEmpty = false;
        scheduleDeferred();
      }
    } finally {
      lock.unlock();
    }
    if (wasEmpty) {
      notifyWatchers();
    }
    return true;
  }

  /**
   * Busy-waits (real time, not the injected clock) until a message or close; true if either came.
   */
  private boolean spinUntilNotEmpty(long windowNanos) {
    long start = System.nanoTime();
    while (size == 0 && !closed) {
      if (System.nanoTime() - start >= windowNanos) {
        return false;
      }
      Thread.onSpinWait();
    }
    return true;
  }

  private void scheduleDeferred() {
    if (!deferScheduled) {
      deferScheduled = true;
      deferTo.afterTurn(deferredSignaller);
    }
  }

  /** Wakes the user threads the loop turn's offers and polls made room or messages for. I/O. */
  void signalDeferred() {
    boolean watchers;
    lock.lock();
    try {
      deferScheduled = false;
      for (; deferredTakers > 0 && lock.hasWaiters(notEmpty); deferredTakers--) {
        notEmpty.signal();
      }
      deferredTakers = 0;
      if (deferredRoom && bytes < capacity) {
        notFull.signalAll();
      }
      deferredRoom = false;
      watchers = deferredWatchers;
      deferredWatchers = false;
    } finally {
      lock.unlock();
    }
    if (watchers) {
      notifyWatchers();
    }
  }

  /**
   * Blocking put for user threads: waits up to {@code timeoutNanos} (-1 forever, 0 not at all) for
   * room. Returns false on timeout; throws CLOSED if closed.
   */
  public boolean put(Message m, long timeoutNanos) {
    boolean wasEmpty;
    lock.lock();
    try {
      long deadline = clock.nanoTime() + timeoutNanos;
      while (true) {
        if (closed) {
          throw new SpException(SpError.CLOSED, "socket is closed");
        }
        if (bytes < capacity) {
          break;
        }
        if (timeoutNanos == 0) {
          return false;
        }
        if (timeoutNanos < 0) {
          notFull.await();
        } else {
          long left = deadline - clock.nanoTime();
          if (left <= 0) {
            return false;
          }
          notFull.awaitNanos(left);
        }
      }
      wasEmpty = items.isEmpty();
      items.add(m);
      size = items.size();
      bytes += cost(m);
      notEmpty.signal();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpException(SpError.INTERRUPTED, "interrupted while sending");
    } finally {
      lock.unlock();
    }
    if (wasEmpty) {
      notifyWatchers();
    }
    return true;
  }

  /**
   * Puts a message a user thread took back at the head of the queue, over the capacity if need be
   * (the bytes were admitted once already); dropped if the queue is closed. For a receive whose
   * caller went away (a cancelled asynchronous receive) between the take and the hand-over.
   */
  public void pushBack(Message m) {
    boolean wasEmpty;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      wasEmpty = items.isEmpty();
      items.addFirst(m);
      size = items.size();
      bytes += cost(m);
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
    if (wasEmpty) {
      notifyWatchers();
    }
  }

  /**
   * Non-blocking take for the I/O thread (works after close, to drain lingering sends). Wakes
   * blocked senders at once, or at the end of the loop turn (see {@link #signalVia}).
   */
  public Message poll() {
    Message m;
    boolean wasFull;
    lock.lock();
    try {
      m = items.poll();
      size = items.size();
      if (m == null) {
        return null;
      }
      wasFull = bytes >= capacity;
      bytes -= cost(m);
      if (!wasFull || bytes >= capacity) {
        wasFull = false;
      } else if (deferTo == null || !deferTo.inLoop()) {
        notFull.signalAll();
      } else {
        deferredRoom = true;
        deferredWatchers = true;
        wasFull = false;
        scheduleDeferred();
      }
    } finally {
      lock.unlock();
    }
    if (wasFull) {
      notifyWatchers();
    }
    return m;
  }

  /**
   * Blocking take for user threads: waits up to {@code timeoutNanos} (-1 forever, 0 not at all).
   * Returns null on timeout; throws CLOSED once closed and empty.
   */
  public Message take(long timeoutNanos) {
    Message m;
    boolean wasFull;
    lock.lock();
    try {
      long deadline = clock.nanoTime() + timeoutNanos;
      boolean spun = false;
      while ((m = items.poll()) == null) {
        if (closed) {
          throw new SpException(SpError.CLOSED, "socket is closed");
        }
        if (timeoutNanos == 0) {
          return null;
        }
        if (!spun && takeSpin.shouldSpin()) {
          spun = true;
          lock.unlock();
          try {
            takeSpin.record(spinUntilNotEmpty(takeSpin.windowNanos()));
          } finally {
            lock.lock();
          }
          continue;
        }
        if (timeoutNanos < 0) {
          notEmpty.await();
        } else {
          long left = deadline - clock.nanoTime();
          if (left <= 0) {
            return null;
          }
          notEmpty.awaitNanos(left);
        }
      }
      size = items.size();
      wasFull = bytes >= capacity;
      bytes -= cost(m);
      if (wasFull && bytes < capacity) {
        notFull.signalAll();
      } else {
        wasFull = false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpException(SpError.INTERRUPTED, "interrupted while receiving");
    } finally {
      lock.unlock();
    }
    Runnable hook = onTake;
    if (hook != null) {
      hook.run();
    }
    if (wasFull) {
      notifyWatchers();
    }
    return m;
  }

  /** Whether nothing is queued. */
  public boolean isEmpty() {
    lock.lock();
    try {
      return items.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** Whether a put would be accepted now. */
  public boolean hasRoom() {
    lock.lock();
    try {
      return !closed && bytes < capacity;
    } finally {
      lock.unlock();
    }
  }

  /** Drops every queued message. */
  public void clear() {
    lock.lock();
    try {
      items.clear();
      size = 0;
      bytes = 0;
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Closes: waiters and later user calls get CLOSED (takes still drain what is queued). */
  public void close() {
    lock.lock();
    try {
      closed = true;
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
    notifyWatchers();
  }

  /** Closes and drops everything queued. */
  public void closeAndClear() {
    lock.lock();
    try {
      closed = true;
      items.clear();
      size = 0;
      bytes = 0;
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
    notifyWatchers();
  }

  /** Whether closed. */
  public boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  private void notifyWatchers() {
    if (!watchers.isEmpty()) {
      for (Runnable w : watchers) {
        w.run();
      }
    }
  }
}
