package io.sluice.storage.internal.data;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Fixed-size off-heap blocks for the read cache, reused after eviction so that a steady append and
 * read load allocates nothing. Blocks are cut from direct slabs of up to 1 MiB, made only when no
 * free block is left and fewer than {@code capacity} blocks exist; the slabs are kept until the
 * engine is gone (the garbage collector frees them with the pool). The caller's reservations in the
 * {@link ReadCache} keep the blocks in use within the limit; the one case that passes it (an append
 * that crosses into a new chunk, whose second partial block the reservation does not count) gets an
 * <em>extra</em> block that is dropped, not kept, when it comes back while the pool is full.
 *
 * <p>A block's buffer is handed out whole (position 0, limit = capacity) and must not be used after
 * {@link #give}. Thread-safe.
 */
public final class BlockPool {
  private static final int SLAB = 1 << 20;

  private final int blockSize;
  private final int capacity;
  private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
  private final Set<ByteBuffer> extras = Collections.newSetFromMap(new IdentityHashMap<>());
  private int made;
  private long taken;

  /**
   * @param blockSize bytes per block
   * @param capacity blocks kept at most (the cache limit over the block size)
   */
  public BlockPool(int blockSize, int capacity) {
    this.blockSize = blockSize;
    this.capacity = Math.max(1, capacity);
  }

  public int blockSize() {
    return blockSize;
  }

  /** A block, from the free list or newly made. Never null. */
  public synchronized ByteBuffer take() {
    taken++;
    ByteBuffer b = free.pollLast();
    if (b != null) {
      return b.clear();
    }
    if (made < capacity) {
      int n = Math.min(capacity - made, SLAB / blockSize);
      ByteBuffer slab = ByteBuffer.allocateDirect(n * blockSize);
      for (int i = 1; i < n; i++) {
        free.addLast(slab.slice(i * blockSize, blockSize));
      }
      made += n;
      return slab.slice(0, blockSize);
    }
    ByteBuffer x = ByteBuffer.allocateDirect(blockSize);
    extras.add(x);
    return x;
  }

  /** Returns a block taken from this pool; its holder must not touch it any more. */
  public synchronized void give(ByteBuffer b) {
    if (!extras.remove(b)) {
      free.addLast(b);
    }
  }

  /** Blocks made from slabs (kept for reuse); at most the capacity. */
  public synchronized int madeBlocks() {
    return made;
  }

  /** Blocks on the free list. */
  public synchronized int freeBlocks() {
    return free.size();
  }

  /** Blocks handed out and not given back (slab and extra ones). */
  public synchronized int blocksInUse() {
    return made - free.size() + extras.size();
  }

  /** Extra blocks made past the capacity and not given back yet. */
  public synchronized int extraBlocks() {
    return extras.size();
  }

  /** Blocks handed out since the pool was made. */
  public synchronized long takes() {
    return taken;
  }

  /** Direct memory held by the pool's slabs and extra blocks. */
  public synchronized long directBytes() {
    return ((long) made + extras.size()) * blockSize;
  }
}
