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
 * until it is taken. Each span reserves its size in the {@link ReadCache} (no reservation, no
 * read-ahead) and at most {@value #MAX_SPANS} spans exist; the oldest is dropped for a new one, so
 * a reader that stops leaves at most that much behind. Thread-safe.
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

  /** A span read (or being read) ahead. */
  private static final class Span {
    final CompletableFuture<byte[]> data = new CompletableFuture<>();
    final long reserved;
    final long seq;

    Span(long reserved, long seq) {
      this.reserved = reserved;
      this.seq = seq;
    }
  }

  /** Spans held now (tests). */
  int size() {
    return spans.size();
  }

  /**
   * Takes the span read ahead at chunk offset {@code offset}, if there is one.
   *
   * @return its bytes, when they are read (or failed), or null
   */
  CompletableFuture<byte[]> take(Chunk chunk, long offset) {
    Span s = spans.remove(new Key(chunk, offset));
    if (s == null) {
      return null;
    }
    cache.release(s.reserved);
    return s.data;
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
      long need = len + 128L;
      if (!cache.tryReserve(need)) {
        return;
      }
      Span s = new Span(need, order.incrementAndGet());
      if (spans.putIfAbsent(key, s) != null) {
        cache.release(need);
        continue;
      }
      while (spans.size() > MAX_SPANS) {
        dropOldest();
      }
      io.execute(() -> load(chunk, at, len, s));
    }
  }

  private void load(Chunk chunk, long at, int len, Span s) {
    try {
      byte[] data = new byte[len];
      files.readFully(chunk.file(), ByteBuffer.wrap(data), at);
      s.data.complete(data);
    } catch (IOException | RuntimeException e) {
      s.data.completeExceptionally(e);
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
      cache.release(oldest.getValue().reserved);
    }
  }

  /** Drops every span (the engine closes). */
  void clear() {
    for (Key k : spans.keySet()) {
      Span s = spans.remove(k);
      if (s != null) {
        cache.release(s.reserved);
      }
    }
  }
}
