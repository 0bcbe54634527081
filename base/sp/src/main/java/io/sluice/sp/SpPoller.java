package io.sluice.sp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Waits until any of several sockets can receive ({@link #IN}) or send ({@link #OUT}) without
 * blocking, like {@code nn_poll}. Sockets notify the poller on readiness changes; no thread is
 * spent per socket.
 *
 * <p>Thread-safe.
 */
public final class SpPoller implements AutoCloseable {
  /** Interest in receiving. */
  public static final int IN = 1;

  /** Interest in sending. */
  public static final int OUT = 2;

  /** A socket that is ready, with the ready operations. */
  public record Ready(SpSocket socket, int ops) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<SpSocket, Integer> interest = new LinkedHashMap<>();
  private final Runnable watcher = this::wake;
  private long version;

  private void wake() {
    lock.lock();
    try {
      version++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Watches {@code socket} for {@code ops} (IN, OUT or both). */
  public void register(SpSocket socket, int ops) {
    lock.lock();
    try {
      if (interest.put(socket, ops) == null) {
        socket.front().watch(watcher);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Stops watching {@code socket}. */
  public void unregister(SpSocket socket) {
    lock.lock();
    try {
      if (interest.remove(socket) != null) {
        socket.front().unwatch(watcher);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code timeoutMillis} (-1 forever) for readiness; empty on timeout. */
  public List<Ready> poll(long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
    lock.lock();
    try {
      while (true) {
        long seen = version;
        List<Ready> ready = new ArrayList<>();
        for (Map.Entry<SpSocket, Integer> e : interest.entrySet()) {
          SpSocket s = e.getKey();
          int ops = 0;
          if ((e.getValue() & IN) != 0 && s.front().readable(s.defaultCtx())) {
            ops |= IN;
          }
          if ((e.getValue() & OUT) != 0 && s.front().writable(s.defaultCtx())) {
            ops |= OUT;
          }
          if (ops != 0) {
            ready.add(new Ready(s, ops));
          }
        }
        if (!ready.isEmpty() || timeoutMillis == 0) {
          return ready;
        }
        if (version != seen) {
          continue;
        }
        if (timeoutMillis < 0) {
          changed.await();
        } else {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return ready;
          }
          changed.awaitNanos(left);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpException(SpError.INTERRUPTED, "interrupted while polling");
    } finally {
      lock.unlock();
    }
  }

  /** Unregisters every socket. */
  @Override
  public void close() {
    lock.lock();
    try {
      for (SpSocket s : interest.keySet()) {
        s.front().unwatch(watcher);
      }
      interest.clear();
    } finally {
      lock.unlock();
    }
  }
}
