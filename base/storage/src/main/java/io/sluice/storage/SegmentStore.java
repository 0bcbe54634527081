package io.sluice.storage;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Plain segments: named, append-only byte sequences with a start offset (after truncation), a
 * sealed flag and attributes ({@code UUID -> long}).
 *
 * <p>Every future that changes state completes only once the change is durable (see {@link
 * Durability}), and completes exceptionally with a {@link StorageException}. Changes to one segment
 * take effect in the order their calls were made from one thread. Thread-safe.
 *
 * <p>Futures of state changes complete on the thread that wrote their log batch: the engine's
 * log-writer thread, or the calling thread itself. When the log has had nothing to do for {@link
 * StorageConfig#inlineWriteIdle()}, a call that changes state writes and forces the log on the
 * calling thread before it returns (at most one write and one force, never a wait for the flusher
 * or for other callers), so it may block for one force (~0.1-1 ms, any lock the caller holds
 * included) and returns a future already complete. Under load calls only queue and return at once.
 * Callbacks attached with the non-async methods ({@code thenApply}, {@code whenComplete}, ...) run
 * on either thread and must be short and must never block (never {@code join()} another storage
 * future inside one); use the {@code *Async} variants for anything heavier. A caller that must
 * never wait for the disk (none in this project) needs an engine with {@code inlineWriteIdle} zero.
 */
public interface SegmentStore {
  /** Means "no condition on the length" for {@link #append}. */
  long ANY_LENGTH = -1;

  /**
   * Creates an empty segment with the given attributes. Fails with {@link
   * StorageError#SEGMENT_EXISTS} if the name is taken (by a plain or a table segment).
   */
  CompletableFuture<SegmentInfo> create(String segment, Map<UUID, Long> attributes);

  /**
   * Appends {@code data} (all of its remaining bytes) and applies {@code attributeUpdates}, all or
   * nothing.
   *
   * @param expectedLength {@link #ANY_LENGTH}, or the length the segment must have for the append
   *     to happen; otherwise it fails with {@link StorageError#BAD_OFFSET} whose context is the
   *     actual length
   * @return the segment's length after the append (the data starts at that minus its size)
   */
  CompletableFuture<Long> append(
      String segment, ByteBuffer data, long expectedLength, List<AttributeUpdate> attributeUpdates);

  /** An unconditional append with no attribute updates. */
  default CompletableFuture<Long> append(String segment, ByteBuffer data) {
    return append(segment, data, ANY_LENGTH, List.of());
  }

  /**
   * Reads up to {@code maxLength} bytes starting at {@code offset} into a fresh heap buffer the
   * caller owns (it may return fewer: a read stops where the engine's memory or a file ends). At
   * the tail of an unsealed segment the read waits up to {@code waitAtTail} for data, then
   * completes with empty data. Fails with {@link StorageError#SEGMENT_TRUNCATED} before the start
   * offset and {@link StorageError#BAD_OFFSET} past the end.
   */
  CompletableFuture<ReadResult> read(
      String segment, long offset, int maxLength, Duration waitAtTail);

  /**
   * As {@link #read(String, long, int, Duration)}, with the bytes copied once into a buffer from
   * {@code into} (see {@link ReadBuffers} for who owns it and when it is released). The result's
   * data is a view of exactly the bytes read in that buffer, or an empty buffer not from {@code
   * into} when there is nothing to return. The engine overrides this; the default (for in-memory
   * stores) reads, then copies.
   */
  default CompletableFuture<ReadResult> read(
      String segment, long offset, int maxLength, Duration waitAtTail, ReadBuffers into) {
    return read(segment, offset, maxLength, waitAtTail)
        .thenApply(
            r -> {
              int n = r.data().remaining();
              if (n == 0) {
                return r;
              }
              ByteBuffer b = into.allocate(n);
              ByteBuffer copy = b.slice(b.position(), n);
              copy.put(r.data().duplicate()).flip();
              return new ReadResult(r.offset(), copy, r.endOfSegment(), r.segmentLength());
            });
  }

  CompletableFuture<SegmentInfo> info(String segment);

  /** Reads attributes; absent ones are missing from the map. */
  CompletableFuture<Map<UUID, Long>> attributes(String segment, Collection<UUID> ids);

  /** Applies attribute updates atomically (allowed on sealed segments too). */
  CompletableFuture<Void> updateAttributes(String segment, List<AttributeUpdate> updates);

  /**
   * Seals the segment: appends are refused from now on. Fails with {@link
   * StorageError#SEGMENT_SEALED} if it already was.
   *
   * @return the final length
   */
  CompletableFuture<Long> seal(String segment);

  /**
   * Makes everything before {@code offset} unreadable and frees its space. A no-op when {@code
   * offset} is at or before the current start offset; {@link StorageError#BAD_OFFSET} past the end.
   */
  CompletableFuture<Void> truncate(String segment, long offset);

  /** Deletes the segment and its data; readers waiting at its tail fail with SEGMENT_NOT_FOUND. */
  CompletableFuture<Void> delete(String segment);

  /**
   * Appends all of {@code source} to {@code target} as one atomic step, then deletes {@code
   * source}. The source is sealed by the merge if it was not; it must not have been truncated.
   *
   * @return the target's length after the merge
   */
  CompletableFuture<Long> merge(String target, String source);

  /** Names of all existing segments (plain and table) that start with {@code prefix}. */
  CompletableFuture<List<String>> list(String prefix);
}
