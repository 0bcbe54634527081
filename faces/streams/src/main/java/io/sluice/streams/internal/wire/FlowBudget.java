package io.sluice.streams.internal.wire;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The segment store's node-wide bound on append bytes handed to the storage engine and not yet
 * stored. Each connection's {@link FlowControl} also counts here; when the total passes the high
 * mark, connections that add more stop reading until the total falls below the low mark. This keeps
 * the sum of all connections below the storage engine's write-queue bound, so a burst from many
 * writers waits in the sockets (TCP back-pressure) instead of being refused by the engine, which
 * would cost a reconnect and a resend. Thread-safe: connections on any event loop share it.
 */
final class FlowBudget {
  /** Sized to stay well under the engine's default 64 MiB write queue. */
  static final long DEFAULT_HIGH = 32L << 20;

  static final long DEFAULT_LOW = 16L << 20;

  private final long high;
  private final long low;
  private final AtomicLong outstanding = new AtomicLong();
  private final Set<FlowControl> paused = ConcurrentHashMap.newKeySet();

  FlowBudget(long high, long low) {
    if (low > high || low < 0) {
      throw new IllegalArgumentException("need 0 <= low <= high, got " + low + ".." + high);
    }
    this.high = high;
    this.low = low;
  }

  /** Counts bytes in; true if the node-wide total is now above the high mark. */
  boolean add(long bytes) {
    return outstanding.addAndGet(bytes) > high;
  }

  /** Counts bytes out; below the low mark, every connection paused for the budget may resume. */
  void remove(long bytes) {
    if (outstanding.addAndGet(-bytes) < low && !paused.isEmpty()) {
      for (FlowControl f : paused) {
        if (paused.remove(f)) {
          f.budgetFreed();
        }
      }
    }
  }

  /** Whether the node-wide total is above the low mark (a paused connection stays paused). */
  boolean overLow() {
    return outstanding.get() >= low;
  }

  /** Registers a connection that stopped reading because of the node-wide total. */
  void pausedFor(FlowControl f) {
    paused.add(f);
    if (!overLow() && paused.remove(f)) {
      f.budgetFreed(); // the total fell while we registered
    }
  }

  /** Forgets a closed connection. */
  void forget(FlowControl f) {
    paused.remove(f);
  }

  long outstanding() {
    return outstanding.get();
  }
}
