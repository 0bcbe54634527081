package io.sluice.storage.internal.log;

import java.nio.MappedByteBuffer;
import java.util.concurrent.locks.LockSupport;

/**
 * Pulls a mapped log file into memory ahead of the scanner, so reading the disk overlaps
 * checksumming and replay. Without it every page the scanner touches first is a synchronous read of
 * a few MiB around the fault, and the disk idles while the scanner works. A daemon thread loads
 * windows of {@value #WINDOW} bytes ({@link MappedByteBuffer#load()}: the kernel is asked to read
 * the range, then each page is touched), staying at most {@value #AHEAD} bytes ahead of the
 * position the scanner reports.
 *
 * <p>{@link #close()} stops the thread and waits for it: call it before the file is truncated
 * (touching a mapped page past the end of the file is a fault). {@link #consumed} is the scanner's;
 * thread-safe otherwise.
 */
final class MappedPrefetch implements AutoCloseable {
  static final int WINDOW = 8 << 20;
  static final long AHEAD = 32L << 20;

  private final MappedByteBuffer map;
  private final Thread thread;
  private volatile long consumed;
  private volatile boolean stop;

  MappedPrefetch(MappedByteBuffer map, long from) {
    this.map = map;
    this.consumed = from;
    this.thread = Thread.ofPlatform().daemon().name("sluice-log-prefetch").start(() -> run(from));
  }

  /** The scanner has reached file offset {@code position}. */
  void consumed(long position) {
    consumed = position;
  }

  private void run(long from) {
    long size = map.capacity();
    for (long at = from; at < size && !stop; at += WINDOW) {
      while (!stop && at > consumed + AHEAD) {
        LockSupport.parkNanos(this, 1_000_000L);
      }
      if (stop) {
        return;
      }
      map.slice((int) at, (int) Math.min(WINDOW, size - at)).load();
    }
  }

  @Override
  public void close() {
    stop = true;
    LockSupport.unpark(thread);
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
