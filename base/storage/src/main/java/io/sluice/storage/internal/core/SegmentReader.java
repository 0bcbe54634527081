package io.sluice.storage.internal.core;

import io.sluice.storage.Clock;
import io.sluice.storage.ReadResult;
import io.sluice.storage.SegmentType;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.internal.data.Chunk;
import io.sluice.storage.internal.data.LogExtent;
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
 * Serves reads from the published state: bytes in memory are returned at once (zero-copy when they
 * lie in one block), bytes only in a chunk file are read on a virtual thread through channels kept
 * open ({@link ReadChannels}); small reads bring a cache block in, large ones are served in one
 * span and not cached. A read at the tail of an unsealed segment is parked on the segment ({@link
 * TailRead}) and completed by the log writer when the segment changes, or by {@link Timeouts} when
 * its wait runs out; no thread is blocked per waiting reader. Thread-safe.
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

  public SegmentReader(Catalog catalog, ReadChannels files, Clock clock, Timeouts timeouts) {
    this.catalog = catalog;
    this.files = files;
    this.clock = clock;
    this.timeouts = timeouts;
    this.readAhead = new ReadAhead(catalog.cache(), files, io);
  }

  /** Reads served from chunk files so far. */
  public long fileReads() {
    return fileReads.get();
  }

  CompletableFuture<ReadResult> read(
      String name, SegmentType onlyType, long offset, int maxLength, Duration waitAtTail) {
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
      TailRead t = new TailRead(s, offset, maxLength, f);
      s.waiting.add(t);
      long deadline = clock.nanoTime() + waitAtTail.toNanos();
      timeouts.schedule(deadline, () -> expire(t));
      // The writer may have published between our look and the registration.
      SegmentView now = s.view();
      if (now.length() > offset || now.sealed() || now.deleted()) {
        if (s.waiting.remove(t)) {
          serve(s, offset, maxLength, f);
        }
      }
      return f;
    }
    serve(s, offset, maxLength, f);
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
          serve(s, t.offset, t.maxLength, t.future);
        }
      }
    }
  }

  private void serve(Segment s, long offset, int maxLength, CompletableFuture<ReadResult> f) {
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
    ByteBuffer b = r.chunk().readCached(inChunk, n);
    if (b != null) {
      f.complete(result(v, offset, b));
      return;
    }
    if (n >= r.chunk().cacheBlock()) {
      CompletableFuture<byte[]> ahead = readAhead.take(r.chunk(), inChunk);
      if (ahead != null) {
        if (ahead.isDone()) {
          serveAhead(s, r, inChunk, n, offset, f, ahead); // at once, on the caller's thread
        } else {
          ahead.whenComplete((d, e) -> serveAhead(s, r, inChunk, n, offset, f, ahead));
        }
        return;
      }
    }
    io.execute(() -> readFile(s, r, inChunk, n, offset, f));
  }

  /** Serves a large read from a span read ahead, or from the file if reading it failed. */
  private void serveAhead(
      Segment s,
      ChunkRef r,
      long inChunk,
      int n,
      long offset,
      CompletableFuture<ReadResult> f,
      CompletableFuture<byte[]> ahead) {
    byte[] data = ahead.isCompletedExceptionally() ? null : ahead.join();
    if (data == null || data.length == 0) {
      io.execute(() -> readFile(s, r, inChunk, n, offset, f));
      return;
    }
    int k = Math.min(n, data.length);
    readAhead.after(r.chunk(), inChunk + k, k);
    f.complete(result(s.view(), offset, ByteBuffer.wrap(data, 0, k).slice().asReadOnlyBuffer()));
  }

  private static ReadResult result(SegmentView v, long offset, ByteBuffer b) {
    boolean end = v.sealed() && offset + b.remaining() == v.length();
    return new ReadResult(offset, b, end, v.length());
  }

  private void readFile(
      Segment s, ChunkRef r, long inChunk, int n, long offset, CompletableFuture<ReadResult> f) {
    Chunk c = r.chunk();
    try {
      // A small read brings a whole cache block in (the next small reads find it in memory); a
      // read of a block or more is served in one span straight from the file and not cached, so
      // a long sequential scan neither pays for cache bookkeeping nor evicts what others use.
      boolean large = n >= c.cacheBlock();
      long end = c.missEnd(inChunk, large ? n : c.cacheBlock());
      if (end <= inChunk) {
        // Not in the chunk file yet: in memory, or still in the log after recovery.
        ByteBuffer b = c.readCached(inChunk, n);
        if (b == null) {
          b = readLog(c, inChunk, n);
        }
        f.complete(result(s.view(), offset, b));
        return;
      }
      byte[] data = new byte[(int) (end - inChunk)];
      files.readFully(c.file(), ByteBuffer.wrap(data), inChunk);
      fileReads.incrementAndGet();
      if (large) {
        readAhead.after(c, inChunk + data.length, data.length);
      } else {
        c.insertRead(inChunk, data);
      }
      int k = Math.min(n, data.length);
      f.complete(result(s.view(), offset, ByteBuffer.wrap(data, 0, k).slice().asReadOnlyBuffer()));
    } catch (IOException | RuntimeException e) {
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

  /** Reads bytes recovery left in the log (see {@link LogExtent}). */
  private ByteBuffer readLog(Chunk c, long inChunk, int n) throws IOException {
    LogExtent x = c.logSlice(inChunk, n);
    if (x == null) {
      // Flushed meanwhile (and the log file perhaps deleted): the chunk file has it now.
      if (c.flushed() > inChunk) {
        byte[] data = new byte[(int) Math.min(n, c.flushed() - inChunk)];
        files.readFully(c.file(), ByteBuffer.wrap(data), inChunk);
        return ByteBuffer.wrap(data).asReadOnlyBuffer();
      }
      throw new IOException(c + " has no bytes at " + inChunk);
    }
    byte[] data = new byte[x.length()];
    try {
      files.readFully(x.file(), ByteBuffer.wrap(data), x.fileOffset());
    } catch (IOException e) {
      if (c.flushed() >= inChunk + data.length) {
        files.readFully(c.file(), ByteBuffer.wrap(data), inChunk);
      } else {
        throw e;
      }
    }
    fileReads.incrementAndGet();
    return ByteBuffer.wrap(data).asReadOnlyBuffer();
  }

  @Override
  public void close() {
    io.shutdown();
    readAhead.clear();
  }
}
