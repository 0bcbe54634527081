package io.sluice.storage.internal.table;

import java.nio.ByteBuffer;

/**
 * One decoded entry of a table record. Immutable (the value buffer is a read-only slice).
 *
 * @param position the entry's offset in the segment (its change-feed position)
 * @param removal true for a removal (tombstone), false for a put
 * @param key the key
 * @param value the value of a put (read-only), or null for a removal or when values were skipped
 * @param valueLength bytes of the value (0 for a removal)
 * @param version the entry's version: equal to {@code position} for an update, smaller for a
 *     compaction copy (which keeps the version of the entry it copies)
 */
record RecordEntry(
    long position, boolean removal, Key key, ByteBuffer value, int valueLength, long version) {

  /** Whether this entry is a compaction copy rather than an update. */
  boolean copy() {
    return version != position;
  }

  /** The index entry a put leaves behind. */
  IndexEntry toIndexEntry() {
    return new IndexEntry(version, position, valueLength);
  }

  /** Bytes the entry takes in the segment. */
  long size() {
    return RecordCodec.ENTRY_HEADER_BYTES + (long) key.length() + valueLength;
  }
}
