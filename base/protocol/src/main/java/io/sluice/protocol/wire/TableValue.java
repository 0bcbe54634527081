package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.wire.internal.FieldReader;

/**
 * A value of a table segment, inside table commands.
 *
 * <p>Wire layout: int32 total length (4 + value length), int32 value length, value bytes.
 *
 * <p>Decoded values own an unpooled heap copy of their bytes: nothing to release. Immutable and
 * thread-safe as long as nobody writes into {@code value}.
 *
 * @param value the value bytes (the readable bytes of the buffer)
 */
public record TableValue(ByteBuf value) {
  /** The empty value (a missing key in {@link TableRead}). */
  public static final TableValue EMPTY = new TableValue(Unpooled.EMPTY_BUFFER);

  /** The fewest bytes a value takes on the wire. */
  static final int MIN_SIZE = 2 * Integer.BYTES;

  /** A value from bytes (wrapped, not copied). */
  public static TableValue of(byte[] value) {
    return new TableValue(Unpooled.wrappedBuffer(value));
  }

  void writeTo(ByteBuf out) {
    int len = value.readableBytes();
    out.writeInt(Integer.BYTES + len);
    out.writeInt(len);
    out.writeBytes(value, value.readerIndex(), len);
  }

  static TableValue readFrom(FieldReader in) {
    in.readInt(); // total length: implied by the value length
    int len = in.readInt();
    if (len == 0) {
      return EMPTY;
    }
    if (len < 0) {
      throw in.malformed("negative table value length " + len);
    }
    return new TableValue(in.readCopiedBytes(len));
  }
}
