package io.sluice.storage;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Table segments: key to value maps with a version per key, conditional updates, iteration in key
 * order, and a change feed. They share one name space with plain segments.
 *
 * <p>All updates in one call are applied atomically: if any entry's version condition fails, none
 * is applied and the future fails with {@link StorageError#BAD_KEY_VERSION} whose context is the
 * index of the first failing entry. Every future that changes state completes only once the change
 * is durable. Keys are at most {@link StorageConfig#maxKeyBytes()}, entries at most {@link
 * StorageConfig#maxAppendBytes()}. Thread-safe. Like every state change, an update may be written
 * and forced on the calling thread when the log is idle (see {@link SegmentStore}).
 */
public interface TableStore {
  /** Creates an empty table segment; {@link StorageError#SEGMENT_EXISTS} if the name is taken. */
  CompletableFuture<Void> create(String table);

  /**
   * Deletes a table; with {@code mustBeEmpty}, fails with TABLE_NOT_EMPTY unless it has no keys.
   */
  CompletableFuture<Void> delete(String table, boolean mustBeEmpty);

  /**
   * Inserts or replaces entries, each conditional on its version (see {@link TableKey}).
   *
   * @return the new version of each entry, in the order given
   */
  CompletableFuture<List<Long>> put(String table, List<TableEntry> entries);

  /**
   * Removes keys, each conditional on its version; removing an absent unconditional key is a no-op.
   */
  CompletableFuture<Void> remove(String table, List<TableKey> keys);

  /**
   * Looks keys up.
   *
   * @return one element per key, in the order given: the entry with its current version, or null
   */
  CompletableFuture<List<TableEntry>> get(String table, List<ByteBuffer> keys);

  /**
   * Keys (with versions) in ascending key order, at most {@code maxCount} per page.
   *
   * @param continuation null for the first page, else the previous page's continuation
   */
  CompletableFuture<TablePage<TableKey>> keys(String table, ByteBuffer continuation, int maxCount);

  /** Entries in ascending key order, like {@link #keys}. */
  CompletableFuture<TablePage<TableEntry>> entries(
      String table, ByteBuffer continuation, int maxCount);

  /**
   * Changes with a position greater than {@code fromPosition}, in the order they were made (0 reads
   * from the beginning). Fails with {@link StorageError#POSITION_COMPACTED} (context: the earliest
   * position still held) when the table was compacted past it.
   */
  CompletableFuture<ChangePage> changes(String table, long fromPosition, int maxCount);

  /** Number of keys in the table and the version of its latest change. */
  CompletableFuture<TableInfo> info(String table);
}
