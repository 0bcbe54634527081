package io.sluice.storage;

/**
 * Every way a storage operation can fail, with whether a retry of the same operation may succeed.
 *
 * <p>Front-ends map these codes to their own protocol's errors (a Pravega error command, a gRPC
 * status, an etcd error string). Thread-safe (immutable).
 */
public enum StorageError {
  /** The named segment or table segment does not exist (or was deleted). */
  SEGMENT_NOT_FOUND(false),
  /** A segment or table segment with that name already exists. */
  SEGMENT_EXISTS(false),
  /** The segment is sealed: no more appends, attribute-only updates still allowed. */
  SEGMENT_SEALED(false),
  /** The read offset is before the segment's start offset (the data was truncated away). */
  SEGMENT_TRUNCATED(false),
  /**
   * The offset is past the end of the segment, or a conditional append's expected length did not
   * match.
   */
  BAD_OFFSET(false),
  /** An attribute compare-and-set did not hold. */
  BAD_ATTRIBUTE_UPDATE(false),
  /** A conditional table update named a version the key does not have. */
  BAD_KEY_VERSION(false),
  /** The table segment is not empty and the delete asked for an empty one. */
  TABLE_NOT_EMPTY(false),
  /**
   * The segment is of the wrong kind for the operation (a table operation on a plain segment, or
   * back).
   */
  WRONG_SEGMENT_TYPE(false),
  /** A record, key, value or name is larger than the configured limit, or otherwise malformed. */
  INVALID_ARGUMENT(false),
  /**
   * A change-feed position was compacted away; the exception says the earliest position still held.
   */
  POSITION_COMPACTED(false),
  /** The write path is stopped by an I/O error or a full disk; reads keep working, retry later. */
  STORAGE_UNAVAILABLE(true),
  /** Too many bytes are queued for the write-ahead log; retry after a short pause. */
  BACKPRESSURE(true),
  /** The engine is closed or closing. */
  CLOSED(false),
  /**
   * Stored data failed its checksum or is structurally wrong; the message names the file and
   * offset.
   */
  CORRUPT(false);

  private final boolean retriable;

  StorageError(boolean retriable) {
    this.retriable = retriable;
  }

  /** Whether retrying the same operation later may succeed. */
  public boolean retriable() {
    return retriable;
  }
}
