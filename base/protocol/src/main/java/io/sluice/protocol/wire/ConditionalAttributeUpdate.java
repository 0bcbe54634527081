package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.UUID;

/**
 * An attribute update applied to the target of a {@link MergeSegments}.
 *
 * <p>Wire layout: attributeId: UUID (2 x int64); updateType: byte; newValue: int64; oldValue: int64
 * (33 bytes).
 *
 * <p>Immutable and thread-safe.
 *
 * @param updateType {@link #REPLACE} or {@link #REPLACE_IF_EQUALS}
 * @param oldValue the value the attribute must have, for {@link #REPLACE_IF_EQUALS}
 */
public record ConditionalAttributeUpdate(
    UUID attributeId, byte updateType, long newValue, long oldValue) {
  /** Set the attribute unconditionally. */
  public static final byte REPLACE = 1;

  /** Set the attribute only if it currently has {@code oldValue}. */
  public static final byte REPLACE_IF_EQUALS = 4;

  /** The size on the wire. */
  static final int SIZE = 4 * Long.BYTES + 1;

  void writeTo(ByteBuf out) {
    FieldWriter.writeUuid(out, attributeId);
    out.writeByte(updateType);
    out.writeLong(newValue);
    out.writeLong(oldValue);
  }

  static ConditionalAttributeUpdate readFrom(FieldReader in) {
    UUID id = in.readUuid();
    byte type = in.readByte();
    long newValue = in.readLong();
    return new ConditionalAttributeUpdate(id, type, newValue, in.readLong());
  }
}
