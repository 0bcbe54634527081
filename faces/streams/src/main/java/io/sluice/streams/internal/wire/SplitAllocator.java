package io.sluice.streams.internal.wire;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * The segment store connections' buffer allocator, two pools of their own: buffers of {@link
 * #LARGE} bytes or more (socket reads, frames gathered by the decoder and held by appends until
 * they are durable, read replies) from a pool of 4 MiB chunks, smaller ones (replies, small appends
 * held until durable) from a pool of 256 KiB chunks.
 *
 * <p>Why: Netty's pool carves buffers below 28 KiB out of pages of its chunks and keeps the last
 * page of each size class even when it is empty, and a chunk goes back to the system only when
 * nothing in it is allocated. With every size in Netty's shared pool, each kept page pinned a 4 MiB
 * chunk after a burst of appends: the node kept 10-17 empty chunks (40-70 MB of direct memory, none
 * of it in use) after the streams benchmark's 10-writer phase. Large buffers alone never leave such
 * a page, so their chunks go back once the burst is acknowledged; a kept small page now pins 256
 * KiB.
 *
 * <p>Thread-safe (the pools are).
 */
final class SplitAllocator extends AbstractByteBufAllocator {
  /** The smallest request served by the large pool: above Netty's largest small size (28 KiB). */
  static final int LARGE = 32 << 10;

  /** The large buffers' pool, shared by every segment store of the process. */
  static final PooledByteBufAllocator LARGE_POOL =
      new PooledByteBufAllocator(
          true,
          0, // no heap arenas: heap requests go to the small pool (unpooled there)
          PooledByteBufAllocator.defaultNumDirectArena(),
          PooledByteBufAllocator.defaultPageSize(),
          PooledByteBufAllocator.defaultMaxOrder(),
          0, // no per-thread caches: large buffers are not cached by Netty anyway
          0,
          false);

  /** The small buffers' pool: chunks of 256 KiB (8 KiB pages, order 5), the default caches. */
  static final PooledByteBufAllocator SMALL_POOL =
      new PooledByteBufAllocator(
          true,
          0,
          PooledByteBufAllocator.defaultNumDirectArena(),
          PooledByteBufAllocator.defaultPageSize(),
          5,
          PooledByteBufAllocator.defaultSmallCacheSize(),
          PooledByteBufAllocator.defaultNormalCacheSize(),
          PooledByteBufAllocator.defaultUseCacheForAllThreads());

  /** The allocator of every segment store connection. */
  static final SplitAllocator INSTANCE = new SplitAllocator(SMALL_POOL, LARGE_POOL);

  private final ByteBufAllocator small;
  private final ByteBufAllocator large;

  SplitAllocator(ByteBufAllocator small, ByteBufAllocator large) {
    super(true); // direct by default, as the pools are
    this.small = small;
    this.large = large;
  }

  // Every buffer request (buffer, ioBuffer, directBuffer, heapBuffer, sized or not) ends in one of
  // these two; composite buffers are Netty's own, over buffers from here.

  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    return (initialCapacity >= LARGE ? large : small).directBuffer(initialCapacity, maxCapacity);
  }

  @Override
  protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    return small.heapBuffer(initialCapacity, maxCapacity);
  }

  @Override
  public boolean isDirectBufferPooled() {
    return true;
  }
}
