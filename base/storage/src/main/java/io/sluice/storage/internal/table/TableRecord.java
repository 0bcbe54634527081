package io.sluice.storage.internal.table;

import java.util.List;

/**
 * One decoded record of a table segment: the unit of one update call or one compaction step.
 * Immutable.
 *
 * @param offset where the record starts in the segment
 * @param length bytes of the whole record, header included
 * @param kind what wrote it
 * @param cut for a compaction record, the offset the segment is truncated to once the record is
 *     durable; 0 otherwise
 * @param compactedThrough for a compaction record, the largest change-feed position the truncation
 *     removes (positions at or below it can no longer be read as changes); 0 otherwise
 * @param entries the entries, in position order
 */
record TableRecord(
    long offset,
    int length,
    Kind kind,
    long cut,
    long compactedThrough,
    List<RecordEntry> entries) {

  /** What wrote a record. */
  enum Kind {
    /** A put or remove call. */
    UPDATE(1),
    /** A compaction step: live entries copied from the head of the segment. */
    COMPACTION(2);

    final byte code;

    Kind(int code) {
      this.code = (byte) code;
    }

    static Kind of(byte code) {
      return switch (code) {
        case 1 -> UPDATE;
        case 2 -> COMPACTION;
        default -> null;
      };
    }
  }

  /** The offset right after the record (where the next one starts). */
  long end() {
    return offset + length;
  }
}
