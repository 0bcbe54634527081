package io.sluice.storage.internal.core;

import io.sluice.storage.internal.data.Chunk;
import io.sluice.storage.internal.data.ReadCache;
import io.sluice.storage.internal.fs.ReadChannels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sequential read-ahead for large reads from chunk files. After a large read of {@code n} bytes at
 * chunk offset {@code x}, the spans {@code [x + n, x + 2n)} and {@code [x + 2n, x + 3n)} are read
 * in the background, so a reader going through a segment in steps of {@code n} finds its next span
 * read already and gets it at once, without waiting for a thread of the engine to be scheduled (on
 * a loaded machine that hand-off, not the copy, is most of a read's cost).
 *
 * <p>Only bytes already in the chunk file are read ahead; they never change, so a span stays valid
 * until it is taken. A span is read into pooled cache blocks ({@link ReadCache#takeBlock}), one
 * read per block, and reserves them in the {@link ReadCache} (no reservation, no read-ahead); at
 * most {@value #MAX_SPANS} spans exist and the oldest is dropped for a new one, so a reader that
 * stops leaves at most that much behind. Whoever takes a span copies it out and gives it back
 * ({@link Span#free}); a span dropped while it is being read is given back when the read ends, so a
 * block is never reused while a file read still fills it. Thread-safe.
 */
final class ReadAhead {
  static final int DEPTH = 2;
  static final int MAX_SPANS = 16;

  private final ReadCache cache;
  private final ReadChannels files;
  private final Executor io;
  private final ConcurrentHashMap<Key, Span> spans = new ConcurrentHashMap<>();
  private final AtomicLong order = new AtomicLong();

  ReadAhead(ReadCache cache, ReadChannels files, Executor io) {
    this.cache = cache;
    this.files = files;
    this.io = io;
  }

  private record Key(Chunk chunk, long offset) {}

  /**
   * A span read (or being read) ahead: {@code length} bytes in {@link #blocks}, each full but the
   * last. {@link #loaded} completes with the bytes read (fewer on a short file) or an error.
   */
  static final class Span {
    final CompletableFuture<Integer> loaded = new CompletableFuture<>();
    final ByteBuffer[] blocks;
    final int length;
    final long seq;
    private final ReadCache cache;
    private final long reserved;

    Span(ReadCache cache, int length, long seq) {
      this.cache = cache;
      this.length = length;
      this.seq = seq;
      int n = ReadCache.blocksFor(length);
      this.reserved = n * ReadCache.blockCost();
      this.blocks = new ByteBuffer[n];
      for (int i = 0; i < n; i++) {
        blocks[i] = cache.takeBlock();
      }
    }

    /** Copies {@code k} bytes from the span's start into {@code out} at index 0. */
    void copyTo(ByteBuffer out, int k) {
      int at = 0;
      for (int i = 0; at < k; i++) {
        int m = Math.min(k - at, ReadCache.BLOCK_SIZE);
        out.put(at, blocks[i], 0, m);
        at += m;
      }
    }

    /** Gives the blocks back once no file read fills them any more. */
    void free() {
      loaded.whenComplete((n, e) -> freeNow());
    }

    private void freeNow() {
      for (ByteBuffer b : blocks) {
        cache.giveBlock(b);
      }
      cache.release(reserved);
    }
  }

  /** Spans held now (tests). */
  int size() {
    return spans.size();
  }

  /**
   * Takes the span read ahead at chunk offset {@code offset}, if there is one; the caller reads it
   * once {@link Span#loaded} and then calls {@link Span#free}.
   */
  Span take(Chunk chunk, long offset) {
    return spans.remove(new Key(chunk, offset));
  }

  /** A large read of {@code n} bytes ended at chunk offset {@code end}: read the next spans. */
  void after(Chunk chunk, long end, int n) {
    for (int k = 0; k < DEPTH; k++) {
      long at = end + (long) k * n;
      int len = (int) Math.min(n, chunk.flushed() - at);
      if (len <= 0 || chunk.deleted()) {
        return;
      }
      Key key = new Key(chunk, at);
      if (spans.containsKey(key)) {
        continue;
      }
      if (!cache.tryReserve(ReadCache.blocksFor(len) * ReadCache.blockCost())) {
        return;
      }
      Span s = new Span(cache, len, order.incrementAndGet());
      if (spans.putIfAbsent(key, s) != null) {
        s.loaded.complete(0);
        s.free();
        continue;
      }
      while (spans.size() > MAX_SPANS) {
        dropOldest();
      }
      io.execute(() -> load(chunk, at, s));
    }
  }

  private void load(Chunk chunk, long at, Span s) {
    try {
      int done = 0;
      for (ByteBuffer b : s.blocks) {
        int m = Math.min(s.length - done, b.capacity());
        ByteBuffer dst = b.clear().limit(m);
        files.readFully(chunk.file(), dst, at + done);
        done += m;
      }
      s.loaded.complete(done);
    } catch (IOException | RuntimeException e) {
      s.loaded.completeExceptionally(e);
    }
  }

  private void dropOldest() {
    Map.Entry<Key, Span> oldest = null;
    for (Map.Entry<Key, Span> e : spans.entrySet()) {
      if (oldest == null || e.getValue().seq < oldest.getValue().seq) {
        oldest = e;
      }
    }
    if (oldest != null && spans.remove(oldest.getKey(), oldest.getValue())) {
      oldest.getValue().free();
    }
  }

  /** Drops every span (the engine closes). */
  void clear() {
    for (Key k : spans.keySet()) {
      Span s = spans.remove(k);
      if (s != null) {
        s.free();
      }
    }
  }
}
