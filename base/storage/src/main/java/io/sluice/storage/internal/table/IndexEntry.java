package io.sluice.storage.internal.table;

/**
 * Where a live key's current entry is: its version and the place of its value in the table's
 * segment. Immutable.
 *
 * @param version the key's version (the entry's position, or the preserved version of a compaction
 *     copy)
 * @param position the offset of the entry in the segment
 * @param valueLength bytes of the value, which starts right after the entry header and the key
 */
record IndexEntry(long version, long position, int valueLength) {
  /** Offset of the first value byte in the segment, for a key of {@code keyLength} bytes. */
  long valueOffset(int keyLength) {
    return position + RecordCodec.ENTRY_HEADER_BYTES + keyLength;
  }

  /** Bytes the entry takes in the segment, for a key of {@code keyLength} bytes. */
  long size(int keyLength) {
    return RecordCodec.ENTRY_HEADER_BYTES + (long) keyLength + valueLength;
  }
}
