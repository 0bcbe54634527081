package io.sluice.storage.internal.data;

/**
 * A run of consecutive bytes of one {@link Chunk} held in memory. Bytes below {@code fill} never
 * change once written (an evicted block drops its array: {@code data} becomes null), so readers may
 * keep slices of {@link #data} after the block was evicted. Fields other than {@link #referenced}
 * are guarded by the owning chunk's monitor.
 */
final class Block {
  final Chunk chunk;
  final long start;
  final int capacity;
  byte[] data;
  int fill;
  boolean removed;
  volatile boolean referenced;

  Block(Chunk chunk, long start, int capacity) {
    this.chunk = chunk;
    this.start = start;
    this.capacity = capacity;
    this.data = new byte[capacity];
  }

  Block(Chunk chunk, long start, byte[] filled) {
    this.chunk = chunk;
    this.start = start;
    this.capacity = filled.length;
    this.data = filled;
    this.fill = filled.length;
  }

  long end() {
    return start + fill;
  }
}
