package io.sluice.storage.internal.log;

/**
 * The record types of the write-ahead log. Every record is a redo record: it carries the effect of
 * one operation as it was decided by the log writer (offsets, resolved attribute values), so replay
 * applies it without validating again. Codes are stable on disk: new types get new codes, a changed
 * layout gets a new type. Immutable.
 */
public final class RecordType {
  /** Probe written while checking that a failed log device works again; carries nothing. */
  public static final byte NOOP = 1;

  /** {@code millis, segmentId, type u8, nameLength u16, name, attributes}. */
  public static final byte CREATE = 2;

  /** {@code millis, segmentId, offset, attributes, data (the rest)}. */
  public static final byte APPEND = 3;

  /** {@code millis, segmentId, attributes}. */
  public static final byte ATTRIBUTES = 4;

  /** {@code millis, segmentId}. */
  public static final byte SEAL = 5;

  /** {@code millis, segmentId, offset}. */
  public static final byte TRUNCATE = 6;

  /** {@code millis, segmentId}. */
  public static final byte DELETE = 7;

  /** {@code millis, targetId, sourceId}. */
  public static final byte MERGE = 8;

  private RecordType() {}

  /** Whether {@code type} is a known record type. */
  public static boolean isValid(byte type) {
    return type >= NOOP && type <= MERGE;
  }
}
