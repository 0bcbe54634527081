package io.sluice.kv.internal.mvcc;

import java.util.ArrayDeque;

/**
 * Keeps the values of recent durable revisions in memory, up to a byte budget, so reads and watch
 * deliveries of fresh data do not go to disk. Values of pending (not yet durable) revisions are
 * never evicted. Thread-safe (synchronized).
 */
public final class ValueCache {
  private final long budget;
  private final ArrayDeque<KeyRev> fifo = new ArrayDeque<>();
  private long bytes;

  public ValueCache(long budgetBytes) {
    this.budget = budgetBytes;
  }

  /** Records that {@code kr} is durable; its cached value may now be evicted. */
  public synchronized void durable(KeyRev kr) {
    if (kr.tombstone() || kr.cachedValue() == null) {
      return;
    }
    fifo.addLast(kr);
    bytes += kr.valueSize() + 64;
    while (bytes > budget && !fifo.isEmpty()) {
      KeyRev old = fifo.removeFirst();
      bytes -= old.valueSize() + 64;
      old.setCachedValue(null);
    }
  }

  public synchronized long bytes() {
    return bytes;
  }
}
