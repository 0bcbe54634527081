package io.sluice.storage.internal.core;

import io.sluice.storage.Clock;
import io.sluice.storage.ReadBuffers;
import io.sluice.storage.ReadResult;
import io.sluice.storage.SegmentType;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.internal.data.Chunk;
import io.sluice.storage.internal.data.LogExtent;
import io.sluice.storage.internal.data.ReadCache;
import io.sluice.storage.internal.fs.ReadChannels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves reads from the published state into the caller's buffers ({@link ReadBuffers}): bytes in
 * memory are copied out of the cache blocks at once, under the chunk's monitor, so a block is never
 * reused while it is read; bytes only in a chunk file are read on a virtual thread through channels
 * kept open ({@link ReadChannels}): small reads bring a pooled cache block in and copy from it,
 * large ones are read in one span straight into the caller's buffer and not cached, and spans read
 * ahead ({@link ReadAhead}) are copied out of pooled blocks. Either way a read makes one copy in
 * user space and allocates nothing of the engine's own. A read at the tail of an unsealed segment
 * is parked on the segment ({@link TailRead}) and completed by the log writer when the segment
 * changes, or by {@link Timeouts} when its wait runs out; no thread is blocked per waiting reader.
 * Thread-safe.
 */
public final class SegmentReader implements AutoCloseable {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

  private final Catalog catalog;
  private final ReadChannels files;
  private final Clock clock;
  private final Timeouts timeouts;
  private final ExecutorService io = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicLong fileReads = new AtomicLong();
  private final ReadAhead readAhead;
  private final ReadCache cache;

  public SegmentReader(Catalog catalog, ReadChannels files, Clock clock, Timeouts timeouts) {
    this.catalog = catalog;
    this.files = files;
    this.clock = clock;
    this.timeouts = timeouts;
    this.cache = catalog.cache();
    this.readAhead = new ReadAhead(cache, files, io);
  }

  /** Reads served from chunk files so far. */
  public long fileReads() {
    return fileReads.get();
  }

  CompletableFuture<ReadResult> read(
      String name,
      SegmentType onlyType,
      long offset,
      int maxLength,
      Duration waitAtTail,
      ReadBuffers into) {
    Segment s = catalog.get(name);
    if (s == null) {
      return CompletableFuture.failedFuture(Catalog.notFound(name));
    }
    if (onlyType != null && s.type != onlyType) {
      return CompletableFuture.failedFuture(
          new StorageException(
              StorageError.WRONG_SEGMENT_TYPE, name + " is a " + s.type + " segment"));
    }
    CompletableFuture<ReadResult> f = new CompletableFuture<>();
    SegmentView v = s.view();
    if (offset >= v.length() && offset <= v.length() && !v.sealed() && !v.deleted()) {
      if (waitAtTail == null || waitAtTail.isZero() || waitAtTail.isNegative() || maxLength == 0) {
        f.complete(new ReadResult(offset, EMPTY, false, v.length()));
        return f;
      }
      TailRead t = new TailRead(s, offset, maxLength, f, into);
      s.waiting.add(t);
      long deadline = clock.nanoTime() + waitAtTail.toNanos();
      timeouts.schedule(deadline, () -> expire(t));
      // The writer may have published between our look and the registration.
      SegmentView now = s.view();
      if (now.length() > offset || now.sealed() || now.deleted()) {
        if (s.waiting.remove(t)) {
          serve(s, offset, maxLength, f, into);
        }
      }
      return f;
    }
    serve(s, offset, maxLength, f, into);
    return f;
  }

  private void expire(TailRead t) {
    if (t.segment.waiting.remove(t)) {
      SegmentView v = t.segment.view();
      t.future.complete(new ReadResult(t.offset, EMPTY, false, v.length()));
    }
  }

  /** Completes tail reads that the segment's new state lets through (log writer thread). */
  public void signal(Segment s) {
    if (s.waiting.isEmpty()) {
      return;
    }
    SegmentView v = s.view();
    for (Iterator<TailRead> it = s.waiting.iterator(); it.hasNext(); ) {
      TailRead t = it.next();
      if (v.deleted() || v.length() > t.offset || v.sealed()) {
        if (s.waiting.remove(t)) {
          serve(s, t.offset, t.maxLength, t.future, t.into);
        }
      }
    }
  }

  private void serve(
      Segment s, long offset, int maxLength, CompletableFuture<ReadResult> f, ReadBuffers into) {
    try {
      serveOrThrow(s, offset, maxLength, f, into);
    } catch (RuntimeException e) {
      // The caller's allocate failed (e.g. its pool is out of memory): this read fails alone.
      f.completeExceptionally(readFailed(s, offset, e));
    }
  }

  private static StorageException readFailed(Segment s, long offset, RuntimeException e) {
    return new StorageException(
        StorageError.STORAGE_UNAVAILABLE, "reading " + s.name + " at " + offset + ": " + e, e);
  }

  private void serveOrThrow(
      Segment s, long offset, int maxLength, CompletableFuture<ReadResult> f, ReadBuffers into) {
    SegmentView v = s.view();
    if (v.deleted()) {
      f.completeExceptionally(Catalog.notFound(s.name));
      return;
    }
    if (offset < v.startOffset()) {
      f.completeExceptionally(
          new StorageException(
              StorageError.SEGMENT_TRUNCATED,
              "segment "
                  + s.name
                  + " starts at "
                  + v.startOffset()
                  + " (truncated); cannot read at "
                  + offset,
              v.startOffset(),
              null));
      return;
    }
    if (offset > v.length()) {
      f.completeExceptionally(
          new StorageException(
              StorageError.BAD_OFFSET,
              "offset "
                  + offset
                  + " is past the end of segment "
                  + s.name
                  + " ("
                  + v.length()
                  + ")",
              v.length(),
              null));
      return;
    }
    if (offset == v.length() || maxLength == 0) {
      f.complete(new ReadResult(offset, EMPTY, v.sealed() && offset == v.length(), v.length()));
      return;
    }
    ChunkRef r = s.chunkAt(offset);
    if (r == null) {
      f.completeExceptionally(
          new StorageException(
              StorageError.SEGMENT_TRUNCATED,
              "segment " + s.name + " has no data at " + offset + " any more"));
      return;
    }
    long inChunk = offset - r.start();
    int n = (int) Math.min(maxLength, Math.min(v.length() - offset, r.chunk().length() - inChunk));
    ByteBuffer b = r.chunk().readCached(inChunk, n, into);
    if (b != null) {
      f.complete(result(v, offset, b));
      return;
    }
    if (n >= ReadCache.BLOCK_SIZE) {
      ReadAhead.Span ahead = readAhead.take(r.chunk(), inChunk);
      if (ahead != null) {
        if (ahead.loaded.isDone()) {
          serveAhead(s, r, inChunk, n, offset, f, ahead, into); // at once, on the caller's thread
        } else {
          ahead.loaded.whenComplete((d, e) -> serveAhead(s, r, inChunk, n, offset, f, ahead, into));
        }
        return;
      }
    }
    io.execute(() -> readFile(s, r, inChunk, n, offset, f, into));
  }

  /** Serves a large read from a span read ahead, or from the file if reading it failed. */
  private void serveAhead(
      Segment s,
      ChunkRef r,
      long inChunk,
      int n,
      long offset,
      CompletableFuture<ReadResult> f,
      ReadAhead.Span ahead,
      ReadBuffers into) {
    int got = ahead.loaded.isCompletedExceptionally() ? 0 : ahead.loaded.join();
    if (got == 0) {
      ahead.free();
      io.execute(() -> readFile(s, r, inChunk, n, offset, f, into));
      return;
    }
    int k = Math.min(n, got);
    ByteBuffer out;
    try {
      out = slice(into.allocate(k), k);
      ahead.copyTo(out, k);
    } catch (RuntimeException e) {
      f.completeExceptionally(readFailed(s, offset, e));
      return;
    } finally {
      ahead.free();
    }
    readAhead.after(r.chunk(), inChunk + k, k);
    f.complete(result(s.view(), offset, out));
  }

  /** A view of the {@code k} bytes from {@code dst}'s position, for a read to fill. */
  private static ByteBuffer slice(ByteBuffer dst, int k) {
    return dst.slice(dst.position(), k);
  }

  private static ReadResult result(SegmentView v, long offset, ByteBuffer b) {
    boolean end = v.sealed() && offset + b.remaining() == v.length();
    return new ReadResult(offset, b, end, v.length());
  }

  private void readFile(
      Segment s,
      ChunkRef r,
      long inChunk,
      int n,
      long offset,
      CompletableFuture<ReadResult> f,
      ReadBuffers into) {
    Chunk c = r.chunk();
    ByteBuffer dst = null;
    ByteBuffer block = null;
    try {
      // A small read brings a whole cache block in (the next small reads find it in memory); a
      // read of a block or more is read in one span straight into the caller's buffer and not
      // cached, so a long sequential scan neither pays for cache bookkeeping nor evicts what
      // others use.
      boolean large = n >= ReadCache.BLOCK_SIZE;
      long end = c.missEnd(inChunk, large ? n : ReadCache.BLOCK_SIZE);
      if (end <= inChunk) {
        // Not in the chunk file yet: in memory, or still in the log after recovery.
        ByteBuffer b = c.readCached(inChunk, n, into);
        if (b == null) {
          b = readLog(c, inChunk, n, into);
        }
        f.complete(result(s.view(), offset, b));
        return;
      }
      int span = (int) (end - inChunk);
      int k = Math.min(n, span);
      if (!large && cache.tryReserve(ReadCache.blockCost())) {
        block = cache.takeBlock();
        ByteBuffer in = block.clear().limit(span);
        files.readFully(c.file(), in, inChunk);
        fileReads.incrementAndGet();
        dst = into.allocate(k);
        ByteBuffer out = slice(dst, k);
        out.put(0, block, 0, k);
        ByteBuffer keep = block;
        block = null;
        c.insertRead(inChunk, keep, span);
        f.complete(result(s.view(), offset, out));
        return;
      }
      dst = into.allocate(k);
      ByteBuffer out = slice(dst, k);
      files.readFully(c.file(), out, inChunk);
      out.flip();
      fileReads.incrementAndGet();
      if (large) {
        readAhead.after(c, inChunk + k, k);
      }
      f.complete(result(s.view(), offset, out));
    } catch (IOException | RuntimeException e) {
      if (block != null) {
        cache.giveBlock(block);
        cache.release(ReadCache.blockCost());
      }
      if (dst != null) {
        into.release(dst);
      }
      SegmentView v = s.view();
      if (v.deleted()) {
        f.completeExceptionally(Catalog.notFound(s.name));
      } else if (offset < v.startOffset()) {
        f.completeExceptionally(
            new StorageException(
                StorageError.SEGMENT_TRUNCATED, "segment " + s.name + " was truncated"));
      } else {
        f.completeExceptionally(
            new StorageException(
                StorageError.STORAGE_UNAVAILABLE,
                "reading " + s.name + " at " + offset + " from " + c.file() + " failed: " + e,
                e));
      }
    }
  }

  /**
   * Reads bytes recovery left in the log (see {@link LogExtent}) into a buffer from {@code into}.
   */
  private ByteBuffer readLog(Chunk c, long inChunk, int n, ReadBuffers into) throws IOException {
    LogExtent x = c.logSlice(inChunk, n);
    if (x == null) {
      // Flushed meanwhile (and the log file perhaps deleted): the chunk file has it now.
      if (c.flushed() > inChunk) {
        int k = (int) Math.min(n, c.flushed() - inChunk);
        ByteBuffer dst = into.allocate(k);
        try {
          ByteBuffer out = slice(dst, k);
          files.readFully(c.file(), out, inChunk);
          return out.flip();
        } catch (IOException | RuntimeException e) {
          into.release(dst);
          throw e;
        }
      }
      throw new IOException(c + " has no bytes at " + inChunk);
    }
    int k = x.length();
    ByteBuffer dst = into.allocate(k);
    try {
      ByteBuffer out = slice(dst, k);
      try {
        files.readFully(x.file(), out, x.fileOffset());
      } catch (IOException e) {
        if (c.flushed() >= inChunk + k) {
          out.clear();
          files.readFully(c.file(), out, inChunk);
        } else {
          throw e;
        }
      }
      fileReads.incrementAndGet();
      return out.flip();
    } catch (IOException | RuntimeException e) {
      into.release(dst);
      throw e;
    }
  }

  @Override
  public void close() {
    io.shutdown();
    readAhead.clear();
  }
}
