package io.sluice.storage;

/**
 * One node's storage: a write-ahead log, segment files, a read cache and the table segments built
 * on them, all in one data directory that this engine owns alone (a lock file keeps a second engine
 * out).
 *
 * <p>{@link #open} recovers from the last checkpoint and the log after it; a torn tail of the last
 * log file is cut and logged, corruption anywhere else fails the open with {@link
 * StorageError#CORRUPT} naming the file and offset. {@link #close} drains the write queue, writes a
 * checkpoint and releases every thread and file. Thread-safe. Calls that change state may write and
 * force the log on the calling thread when the log is idle (see {@link SegmentStore} for who writes
 * and where futures complete).
 */
public interface StorageEngine extends AutoCloseable {
  /** Opens (creating or recovering) the engine described by {@code config}. */
  static StorageEngine open(StorageConfig config) {
    return io.sluice.storage.internal.DurableStorageEngine.open(config);
  }

  SegmentStore segments();

  TableStore tables();

  StorageStats stats();

  StorageConfig config();

  @Override
  void close();
}
