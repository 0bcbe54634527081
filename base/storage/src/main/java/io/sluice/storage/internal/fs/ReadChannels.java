package io.sluice.storage.internal.fs;

import io.sluice.storage.FileLayer;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read-only channels kept open between reads, at most {@code max} of them (the least recently used
 * is closed when one more is needed). Opening a file per read costs two system calls and, worse,
 * loses the kernel's read-ahead state, which lives in the open file: a sequential scan through
 * fresh channels reads the disk in small synchronous steps.
 *
 * <p>Reads are positional, so threads share a channel. A channel is reference-counted: one closed
 * by eviction or {@link #forget} while reads are in flight is closed when the last of them ends.
 * Whoever deletes a file calls {@link #forget} so the open channel does not keep the deleted file's
 * space; a channel opened concurrently with a forget is not kept. Thread-safe.
 */
public final class ReadChannels implements AutoCloseable {
  private final FileLayer fs;
  private final int max;
  private final ConcurrentHashMap<Path, Handle> open = new ConcurrentHashMap<>();
  private final AtomicLong forgets = new AtomicLong();
  private final AtomicLong clock = new AtomicLong();
  private final AtomicLong opens = new AtomicLong();
  private volatile boolean closed;

  public ReadChannels(FileLayer fs, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive, was " + max);
    }
    this.fs = fs;
    this.max = max;
  }

  /** Files opened so far (a re-open after eviction or forget counts again). */
  public long opens() {
    return opens.get();
  }

  /**
   * Reads {@code dst.remaining()} bytes of {@code file} from {@code position} on.
   *
   * @throws EOFException if the file ends first
   */
  public void readFully(Path file, ByteBuffer dst, long position) throws IOException {
    int start = dst.position();
    for (int attempt = 0; ; attempt++) {
      Handle h = acquire(file);
      try {
        long at = position + (dst.position() - start);
        while (dst.hasRemaining()) {
          int n = h.channel.read(dst, at);
          if (n < 0) {
            throw new EOFException(file + " ends at " + at);
          }
          at += n;
        }
        return;
      } catch (ClosedChannelException e) {
        // Closed under us by an interrupt of another reader: never keep that channel.
        if (open.remove(file, h)) {
          h.release();
        }
        if (attempt > 0 || closed || Thread.currentThread().isInterrupted()) {
          throw e;
        }
      } finally {
        h.release();
      }
    }
  }

  /** Closes the channel of {@code file} (once its reads end); call it when the file is deleted. */
  public void forget(Path file) {
    forgets.incrementAndGet();
    Handle h = open.remove(file);
    if (h != null) {
      h.release();
    }
  }

  private Handle acquire(Path file) throws IOException {
    Handle h = open.get(file);
    if (h != null && h.retain()) {
      h.used = clock.incrementAndGet();
      return h;
    }
    long generation = forgets.get();
    FileChannel ch = fs.open(file, StandardOpenOption.READ);
    opens.incrementAndGet();
    Handle fresh = new Handle(ch); // one reference for this read
    fresh.used = clock.incrementAndGet();
    if (closed) {
      return fresh;
    }
    fresh.retain(); // and one for the map
    Handle before = open.putIfAbsent(file, fresh);
    if (before != null || forgets.get() != generation || closed) {
      // Another reader was faster, or the file may have been deleted meanwhile: use it once.
      if (before == null) {
        open.remove(file, fresh);
      }
      fresh.release();
      return fresh;
    }
    if (open.size() > max) {
      evictOldest();
    }
    return fresh;
  }

  private void evictOldest() {
    while (open.size() > max) {
      Map.Entry<Path, Handle> oldest = null;
      for (Map.Entry<Path, Handle> e : open.entrySet()) {
        if (oldest == null || e.getValue().used < oldest.getValue().used) {
          oldest = e;
        }
      }
      if (oldest == null) {
        return;
      }
      if (open.remove(oldest.getKey(), oldest.getValue())) {
        oldest.getValue().release();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Path p : open.keySet()) {
      Handle h = open.remove(p);
      if (h != null) {
        h.release();
      }
    }
  }

  /** An open channel and its references (the map's one plus one per read in flight). */
  private static final class Handle {
    final FileChannel channel;
    final AtomicInteger refs = new AtomicInteger(1);
    volatile long used;

    Handle(FileChannel channel) {
      this.channel = channel;
    }

    boolean retain() {
      int r;
      do {
        r = refs.get();
        if (r == 0) {
          return false;
        }
      } while (!refs.compareAndSet(r, r + 1));
      return true;
    }

    void release() {
      if (refs.decrementAndGet() == 0) {
        try {
          channel.close();
        } catch (IOException e) {
          // A read-only channel has nothing to lose on close.
        }
      }
    }
  }
}
