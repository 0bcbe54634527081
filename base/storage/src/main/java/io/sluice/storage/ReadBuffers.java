package io.sluice.storage;

import java.nio.ByteBuffer;

/**
 * Where a read's bytes go: the caller supplies the destination, the engine copies the bytes into it
 * once (from its cache, or straight from a file), so the caller owns what it gets and the engine's
 * cache blocks can be reused as soon as the read is served. A network front-end allocates a pooled
 * buffer of the exact size here and writes it to its socket; the engine never sees its buffer type.
 *
 * <p>Per read, the engine calls {@link #allocate} at most once, with the exact number of bytes the
 * {@link ReadResult} will carry (never 0: an empty result uses no buffer), fills the buffer's
 * {@code [position, position + size)} and returns it in {@link ReadResult#data()} as a buffer of
 * exactly those bytes (a view over them, position 0). If the read fails after {@code allocate}, the
 * engine hands the buffer back through {@link #release} and completes the read exceptionally.
 *
 * <p>{@code allocate} may be called on any thread (a reader's, the engine's log writer completing a
 * read that waited at the tail, or a file-reading virtual thread), sometimes while the engine holds
 * a lock: it must be quick, must not block and must not call the engine.
 */
@FunctionalInterface
public interface ReadBuffers {
  /** A fresh heap buffer per read: the caller owns it, nothing to release. */
  ReadBuffers HEAP = ByteBuffer::allocate;

  /**
   * A writable buffer with at least {@code size} bytes from its position.
   *
   * @param size bytes the read will put there, at least 1
   */
  ByteBuffer allocate(int size);

  /** Takes back a buffer from {@link #allocate} that a failed read will not return. */
  default void release(ByteBuffer buffer) {}
}
