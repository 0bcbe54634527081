package io.sluice.storage.internal.data;

import java.nio.ByteBuffer;

/**
 * A run of consecutive bytes of one {@link Chunk} held in one pooled off-heap block ({@link
 * BlockPool}). Bytes below {@code fill} never change while the block is in its chunk; once it is
 * evicted or its chunk deleted, {@code data} goes back to the pool (and becomes null here) and is
 * reused for other bytes, so nothing may keep a view of it: readers copy out under the chunk's
 * monitor. Fields other than {@link #referenced} are guarded by the owning chunk's monitor.
 */
final class Block {
  final Chunk chunk;
  final long start;
  final int capacity;
  ByteBuffer data;
  int fill;
  boolean removed;
  volatile boolean referenced;

  /** An empty block over {@code data} (a whole pooled block). */
  Block(Chunk chunk, long start, ByteBuffer data) {
    this.chunk = chunk;
    this.start = start;
    this.capacity = data.capacity();
    this.data = data;
  }

  /** A block whose first {@code filled} bytes hold the chunk's bytes from {@code start}. */
  Block(Chunk chunk, long start, ByteBuffer data, int filled) {
    this(chunk, start, data);
    this.fill = filled;
  }

  long end() {
    return start + fill;
  }
}
