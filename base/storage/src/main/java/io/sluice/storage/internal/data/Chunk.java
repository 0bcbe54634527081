package io.sluice.storage.internal.data;

import io.sluice.storage.ReadBuffers;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A contiguous run of a segment's bytes with its own data file ({@code segments/<id>.chunk}, the
 * chunk's bytes from offset 0, no header). A segment is a list of chunks; a merge moves the
 * source's chunks to the end of the target's list, so no bytes are copied.
 *
 * <p>Bytes {@code [0, flushed)} are in the file (written; forced before a checkpoint names them),
 * bytes {@code [flushed, length)} are not yet: right after recovery they may still lie in the log
 * ({@link LogExtent}s, which always precede any memory block), otherwise they are in memory blocks,
 * pinned until the flusher writes them. Appends come from the log writer thread only; reads, the
 * flusher and eviction from any thread. Block bookkeeping is guarded by this object's monitor.
 */
public final class Chunk {
  private final long id;
  private final Path file;
  private final ReadCache cache;
  private final TreeMap<Long, Block> blocks = new TreeMap<>();
  private final ArrayList<LogExtent> extents = new ArrayList<>();
  private Block tail;
  private boolean deleted;
  private volatile long length;
  private volatile long flushed;
  private final java.util.concurrent.atomic.AtomicBoolean dirty =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * A chunk whose first {@code flushed} bytes are in its file already (recovery), or a new empty
   * one.
   */
  public Chunk(long id, Path file, ReadCache cache, long flushed) {
    this.id = id;
    this.file = file;
    this.cache = cache;
    this.length = flushed;
    this.flushed = flushed;
  }

  public long id() {
    return id;
  }

  public Path file() {
    return file;
  }

  /** Bytes appended (published). */
  public long length() {
    return length;
  }

  /** Bytes written to the chunk file. */
  public long flushed() {
    return flushed;
  }

  /** Marks the chunk as having unflushed bytes; true if it was not marked before. */
  public boolean markDirty() {
    return !dirty.get() && dirty.compareAndSet(false, true);
  }

  /** Clears the mark before the flusher looks at the chunk. */
  public void clearDirty() {
    dirty.set(false);
  }

  public synchronized boolean deleted() {
    return deleted;
  }

  /**
   * Appends all remaining bytes of {@code src} (log writer thread only) into memory the caller
   * reserved.
   *
   * @return the memory used (block capacities plus overhead), to settle the reservation
   */
  public long append(ByteBuffer src) {
    int n = src.remaining();
    if (n == 0) {
      return 0;
    }
    long allocated = 0;
    synchronized (this) {
      if (deleted) {
        return 0;
      }
      long len = length;
      while (src.hasRemaining()) {
        Block t = tail;
        if (t == null || t.removed || t.fill == t.capacity || t.end() != len) {
          t = new Block(this, len, cache.takeBlock());
          blocks.put(len, t);
          tail = t;
          cache.added(t);
          allocated += t.capacity + ReadCache.BLOCK_OVERHEAD;
        }
        int k = Math.min(src.remaining(), t.capacity - t.fill);
        t.data.put(t.fill, src, src.position(), k);
        src.position(src.position() + k);
        t.fill += k;
        len += k;
      }
      cache.appended(n);
      length = len;
    }
    return allocated;
  }

  /**
   * Appends {@code length} bytes that stay in the log file at {@code fileOffset} until the flusher
   * copies them (recovery only: no memory is used).
   */
  public void appendFromLog(Path logFile, long fileOffset, int n) {
    if (n == 0) {
      return;
    }
    synchronized (this) {
      if (deleted) {
        return;
      }
      if (!blocks.isEmpty()) {
        throw new IllegalStateException(this + ": log bytes after memory blocks");
      }
      extents.add(new LogExtent(logFile, fileOffset, length, n));
      cache.appended(n);
      length += n;
    }
  }

  /**
   * Where bytes from chunk offset {@code offset} lie in the log, if they are log-backed.
   *
   * @return at most {@code max} bytes' location, or null
   */
  public synchronized LogExtent logSlice(long offset, int max) {
    int lo = 0;
    int hi = extents.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      LogExtent e = extents.get(mid);
      if (offset < e.chunkOffset()) {
        hi = mid - 1;
      } else if (offset >= e.end()) {
        lo = mid + 1;
      } else {
        return e.from(offset, max);
      }
    }
    return null;
  }

  /**
   * Serves a read from memory: copies the bytes into a buffer from {@code into} under this chunk's
   * monitor, so no block is evicted or reused while it is copied.
   *
   * @param offset chunk offset, below {@link #length()}
   * @param max at most this many bytes (the caller clamps to what is readable)
   * @return the bytes (maybe fewer than {@code max}: up to the first byte not in memory), a view of
   *     exactly them in the buffer {@code into} gave, or null when they are not in memory
   */
  public synchronized ByteBuffer readCached(long offset, int max, ReadBuffers into) {
    Map.Entry<Long, Block> e = blocks.floorEntry(offset);
    if (e == null || offset >= e.getValue().end()) {
      return null;
    }
    Block b = e.getValue();
    int inBlock = (int) (offset - b.start);
    int got = Math.min(max, b.fill - inBlock);
    long next = b.end();
    while (got < max) {
      Block nb = blocks.get(next);
      if (nb == null || nb.fill == 0) {
        break;
      }
      got += Math.min(max - got, nb.fill);
      next = nb.end();
    }
    ByteBuffer dst = into.allocate(got);
    ByteBuffer out = dst.slice(dst.position(), got);
    int at = 0;
    Block cur = b;
    int from = inBlock;
    while (at < got) {
      cur.referenced = true;
      int k = Math.min(got - at, cur.fill - from);
      out.put(at, cur.data, from, k);
      at += k;
      cur = blocks.get(cur.end());
      from = 0;
    }
    return out;
  }

  /** Whether the byte at chunk offset {@code offset} is in a memory block now. */
  public synchronized boolean inMemory(long offset) {
    Map.Entry<Long, Block> e = blocks.floorEntry(offset);
    return e != null && offset < e.getValue().end();
  }

  /**
   * Where a read from the file starting at {@code offset} should stop so that it does not overlap a
   * block in memory: the next block's start, the flushed length, or {@code offset + span}.
   */
  public synchronized long missEnd(long offset, int span) {
    long end = Math.min(flushed, offset + span);
    Long next = blocks.higherKey(offset);
    if (next != null) {
      end = Math.min(end, next);
    }
    return end;
  }

  /**
   * Keeps {@code n} bytes read from the file into {@code block} (a pooled block the caller took and
   * reserved {@link ReadCache#blockCost()} for) as the chunk's bytes from {@code offset}, unless
   * another reader was faster or the chunk is gone; then the block goes back to the pool and the
   * reservation is released. Either way the caller must not touch the block afterwards.
   */
  public void insertRead(long offset, ByteBuffer block, int n) {
    synchronized (this) {
      Map.Entry<Long, Block> floor = blocks.floorEntry(offset);
      Long next = blocks.higherKey(offset);
      if (n > 0
          && !deleted
          && (floor == null || floor.getValue().start + floor.getValue().capacity <= offset)
          && (next == null || next >= offset + n)) {
        Block b = new Block(this, offset, block.clear(), n);
        b.referenced = true;
        blocks.put(offset, b);
        cache.added(b);
        return;
      }
    }
    cache.giveBlock(block);
    cache.release(ReadCache.blockCost());
  }

  /**
   * The bytes {@code [flushed, length)}, in order, for the flusher to write at file offset {@link
   * #flushed()}: {@link LogExtent}s to copy from the log, then views of memory blocks. Empty when
   * there is nothing to flush. The views stay valid while their bytes are unflushed (such blocks
   * are never evicted); if the chunk is deleted meanwhile its blocks go back to the pool and the
   * views may show other bytes, which then only reach the dead chunk's file.
   */
  public synchronized List<Object> unflushed() {
    List<Object> out = new ArrayList<>();
    long from = flushed;
    long to = length;
    if (deleted || from >= to) {
      return out;
    }
    long expect = from;
    for (LogExtent x : extents) {
      if (x.end() <= expect) {
        continue;
      }
      out.add(x.from(expect, Long.MAX_VALUE));
      expect = x.end();
    }
    Map.Entry<Long, Block> e = blocks.floorEntry(expect);
    long at = e != null ? e.getKey() : expect;
    for (Block b : blocks.tailMap(at, true).values()) {
      if (b.start >= to) {
        break;
      }
      long s = Math.max(expect, b.start);
      long end = Math.min(to, b.end());
      if (end > s) {
        if (s != expect) {
          throw new IllegalStateException(this + ": unflushed bytes missing at " + expect);
        }
        out.add(b.data.slice((int) (s - b.start), (int) (end - s)));
        expect = end;
      }
    }
    if (expect != to) {
      throw new IllegalStateException(this + ": unflushed bytes missing at " + expect);
    }
    return out;
  }

  /** Records that bytes up to {@code upTo} are in the chunk file now. */
  public void markFlushed(long upTo) {
    synchronized (this) {
      if (deleted || upTo <= flushed) {
        return;
      }
      cache.flushed(upTo - flushed);
      flushed = upTo;
      int drop = 0;
      while (drop < extents.size() && extents.get(drop).end() <= upTo) {
        drop++;
      }
      extents.subList(0, drop).clear();
    }
  }

  /** Drops every block; the chunk is dead (truncated away or its segment deleted). */
  public void delete() {
    synchronized (this) {
      if (deleted) {
        return;
      }
      deleted = true;
      for (Block b : blocks.values()) {
        b.removed = true;
        cache.removed(b);
      }
      blocks.clear();
      extents.clear();
      tail = null;
      cache.flushed(length - flushed);
    }
  }

  synchronized ReadCache.Eviction tryEvict(Block b, boolean overLimit) {
    if (b.removed) {
      return ReadCache.Eviction.GONE;
    }
    if (b.start + b.fill > flushed) {
      return ReadCache.Eviction.PINNED;
    }
    if (!overLimit) {
      return ReadCache.Eviction.KEPT;
    }
    blocks.remove(b.start);
    b.removed = true;
    if (tail == b) {
      tail = null;
    }
    cache.removed(b);
    return ReadCache.Eviction.EVICTED;
  }

  @Override
  public String toString() {
    return "chunk " + id + " [" + flushed + "/" + length + "]";
  }
}
