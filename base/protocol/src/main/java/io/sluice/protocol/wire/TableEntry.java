package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;

/**
 * A key (with its version) and its value, inside table commands. Lists of entries go on the wire as
 * an int32 count followed by each key and value.
 *
 * <p>Immutable and thread-safe as {@link TableKey} and {@link TableValue} are.
 *
 * @param key the key and its version or version condition
 * @param value the value
 */
public record TableEntry(TableKey key, TableValue value) {
  /** The fewest bytes an entry takes on the wire. */
  static final int MIN_SIZE = TableKey.MIN_SIZE + TableValue.MIN_SIZE;

  /** An entry from bytes (wrapped, not copied). */
  public static TableEntry of(byte[] key, long version, byte[] value) {
    return new TableEntry(TableKey.of(key, version), TableValue.of(value));
  }

  void writeTo(ByteBuf out) {
    key.writeTo(out);
    value.writeTo(out);
  }

  static TableEntry readFrom(FieldReader in) {
    TableKey key = TableKey.readFrom(in);
    return new TableEntry(key, TableValue.readFrom(in));
  }
}
