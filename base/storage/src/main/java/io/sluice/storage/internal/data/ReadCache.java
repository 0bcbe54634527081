package io.sluice.storage.internal.data;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accounting and eviction for the blocks of all chunks. Memory is <em>reserved</em> before it is
 * used: the log writer reserves room for an append before it writes the record (and waits for the
 * flusher when it cannot), readers reserve before they keep bytes read from a file, so the bytes
 * held never pass the limit. Bytes not yet flushed to chunk files cannot be evicted. Eviction is a
 * CLOCK sweep over the blocks in allocation order: a block read since the last sweep gets a second
 * chance. Thread-safe.
 */
public final class ReadCache {
  /** Memory counted per block beyond its bytes (object headers, map entries). */
  static final int BLOCK_OVERHEAD = 128;

  private static final int MIN_BLOCK = 4 << 10;

  /**
   * The largest block an append makes: 256 KiB, so that no block is a humongous object for G1 (half
   * a region, 512 KiB at the node's 1 GiB heap and more with larger heaps). A humongous block takes
   * whole regions of old generation at once, and the rest of its last region stays empty until the
   * block is freed; a bigger append fills several blocks.
   */
  static final int MAX_APPEND_BLOCK = 256 << 10;

  private final long limit;
  private final int maxBlock;
  private final AtomicLong used = new AtomicLong();
  private final AtomicLong unflushed = new AtomicLong();
  private final ConcurrentLinkedQueue<Block> clock = new ConcurrentLinkedQueue<>();
  private final AtomicInteger clockSize = new AtomicInteger();
  private final AtomicLong evictions = new AtomicLong();
  private final AtomicInteger live = new AtomicInteger();

  public ReadCache(long limit) {
    this.limit = limit;
    long b = Math.max(16L << 10, Math.min(1L << 20, limit / 512));
    this.maxBlock = (int) Long.highestOneBit(b);
  }

  /** Bytes held or reserved now. */
  public long usedBytes() {
    return used.get();
  }

  public long limitBytes() {
    return limit;
  }

  /** Bytes appended but not yet written to chunk files. */
  public long unflushedBytes() {
    return unflushed.get();
  }

  public long evictions() {
    return evictions.get();
  }

  /** The most memory appending {@code n} bytes can take (blocks and their overhead). */
  public static long appendReservation(int n) {
    return Math.max(n, MIN_BLOCK) + MIN_BLOCK + (n / MAX_APPEND_BLOCK + 3L) * BLOCK_OVERHEAD;
  }

  /** Reserves {@code n} bytes, evicting if needed; false if they do not fit. */
  public boolean tryReserve(long n) {
    for (int attempt = 0; attempt < 2; attempt++) {
      long u = used.get();
      while (u + n <= limit) {
        if (used.compareAndSet(u, u + n)) {
          return true;
        }
        u = used.get();
      }
      evict(n);
    }
    return false;
  }

  /** Reserves {@code n} bytes even past the limit (a single huge append, or closing). */
  public void forceReserve(long n) {
    used.addAndGet(n);
  }

  /** Returns reserved bytes that were not used. */
  public void release(long n) {
    used.addAndGet(-n);
  }

  /** The size of blocks read from chunk files. */
  int maxBlock() {
    return maxBlock;
  }

  /** The capacity of a new block for appending {@code need} more bytes. */
  static int tailBlockSize(int need) {
    return Math.max(MIN_BLOCK, Math.min(MAX_APPEND_BLOCK, need));
  }

  /** Registers a block whose memory the caller reserved. */
  void added(Block b) {
    live.incrementAndGet();
    clock.add(b);
    clockSize.incrementAndGet();
  }

  void removed(Block b) {
    used.addAndGet(-(b.capacity + BLOCK_OVERHEAD));
    live.decrementAndGet();
  }

  void appended(long n) {
    unflushed.addAndGet(n);
  }

  void flushed(long n) {
    unflushed.addAndGet(-n);
  }

  /** Evicts flushed blocks until {@code room} more bytes fit, or nothing more can go. */
  public void evict(long room) {
    int budget = 2 * clockSize.get() + 16;
    while ((used.get() + room > limit || clockSize.get() > 2 * live.get() + 1024) && budget-- > 0) {
      Block b = clock.poll();
      if (b == null) {
        return;
      }
      clockSize.decrementAndGet();
      if (b.referenced && used.get() + room > limit) {
        b.referenced = false;
        requeue(b);
        continue;
      }
      switch (b.chunk.tryEvict(b, used.get() + room > limit)) {
        case EVICTED -> evictions.incrementAndGet();
        case GONE -> {}
        case PINNED, KEPT -> requeue(b);
      }
    }
  }

  private void requeue(Block b) {
    clock.add(b);
    clockSize.incrementAndGet();
  }

  /** What {@link Chunk#tryEvict} did. */
  enum Eviction {
    EVICTED,
    GONE,
    PINNED,
    KEPT
  }
}
