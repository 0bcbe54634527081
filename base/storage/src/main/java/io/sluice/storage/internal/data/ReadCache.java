package io.sluice.storage.internal.data;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accounting, memory and eviction for the blocks of all chunks. Every block is one fixed-size
 * off-heap block of a {@link BlockPool} bounded by the limit and reused after eviction, so appends
 * and reads allocate nothing on the heap in the steady state. Memory is <em>reserved</em> before it
 * is used: the log writer reserves room for an append before it writes the record (and waits for
 * the flusher when it cannot), readers reserve before they keep bytes read from a file, so the
 * blocks held never pass the limit (but for one block when an append crosses into a new chunk).
 * Bytes not yet flushed to chunk files cannot be evicted. Eviction is a CLOCK sweep over the blocks
 * in allocation order: a block read since the last sweep gets a second chance. Nobody outside the
 * chunk's monitor ever sees a block's memory but the flusher (which writes only pinned, unflushed
 * bytes): reads copy out. Thread-safe.
 */
public final class ReadCache {
  /** Memory counted per block beyond its bytes (object headers, map entries). */
  static final int BLOCK_OVERHEAD = 128;

  /**
   * The size of every block: 16 KiB. Appends fill blocks one after the other (the log writer
   * reserves the blocks a batch's appends fill, per segment); reads smaller than a block bring one
   * block in from the chunk file, larger ones read straight into the caller's buffer.
   */
  public static final int BLOCK_SIZE = 16 << 10;

  private final long limit;
  private final BlockPool pool;
  private final AtomicLong used = new AtomicLong();
  private final AtomicLong unflushed = new AtomicLong();
  private final ConcurrentLinkedQueue<Block> clock = new ConcurrentLinkedQueue<>();
  private final AtomicInteger clockSize = new AtomicInteger();
  private final AtomicLong evictions = new AtomicLong();
  private final AtomicInteger live = new AtomicInteger();

  public ReadCache(long limit) {
    this.limit = limit;
    this.pool =
        new BlockPool(
            BLOCK_SIZE, (int) Math.min(Integer.MAX_VALUE, limit / (BLOCK_SIZE + BLOCK_OVERHEAD)));
  }

  /** Bytes held or reserved now. */
  public long usedBytes() {
    return used.get();
  }

  public long limitBytes() {
    return limit;
  }

  /** The cache's blocks (counters for tests and metrics; spans read ahead take blocks too). */
  public BlockPool pool() {
    return pool;
  }

  /** Bytes appended but not yet written to chunk files. */
  public long unflushedBytes() {
    return unflushed.get();
  }

  public long evictions() {
    return evictions.get();
  }

  /** Blocks held by chunks now (the rest of the pool's blocks in use are spans read ahead). */
  public int liveBlocks() {
    return live.get();
  }

  /** The blocks that hold {@code bytes} bytes: one per {@link #BLOCK_SIZE} bytes started. */
  public static int blocksFor(long bytes) {
    return (int) ((bytes + BLOCK_SIZE - 1) / BLOCK_SIZE);
  }

  /** What one block counts against the limit. */
  public static long blockCost() {
    return BLOCK_SIZE + (long) BLOCK_OVERHEAD;
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

  /** A pooled block for bytes the caller reserved {@link #blockCost()} for. */
  public ByteBuffer takeBlock() {
    return pool.take();
  }

  /** Gives back a block from {@link #takeBlock} that holds nothing any reader may see. */
  public void giveBlock(ByteBuffer b) {
    pool.give(b);
  }

  /** Registers a block whose memory the caller reserved. */
  void added(Block b) {
    live.incrementAndGet();
    clock.add(b);
    clockSize.incrementAndGet();
  }

  /** A block left its chunk (under the chunk's monitor): its memory goes back to the pool. */
  void removed(Block b) {
    used.addAndGet(-(b.capacity + BLOCK_OVERHEAD));
    live.decrementAndGet();
    ByteBuffer d = b.data;
    b.data = null;
    if (d != null) {
      pool.give(d);
    }
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
