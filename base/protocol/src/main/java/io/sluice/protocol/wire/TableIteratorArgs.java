package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Where a table iteration ({@link ReadTableKeys}, {@link ReadTableEntries}) starts and stops.
 *
 * <p>Wire layout: four length-prefixed byte fields (int32 length + bytes): continuation token,
 * prefix filter (deprecated since Pravega 0.10: always written empty, ignored when read), from key,
 * to key. A field missing at the end of the frame reads as empty.
 *
 * <p>Decoded arguments own heap copies: nothing to release. Immutable and thread-safe as long as
 * nobody writes into the buffers.
 *
 * @param continuationToken where the previous call stopped; empty to start
 * @param fromKey the lower bound of the iteration; empty for none
 * @param toKey the upper bound of the iteration; empty for none
 */
public record TableIteratorArgs(ByteBuf continuationToken, ByteBuf fromKey, ByteBuf toKey) {
  /** Iterate from the start over everything. */
  public static final TableIteratorArgs ALL =
      new TableIteratorArgs(Unpooled.EMPTY_BUFFER, Unpooled.EMPTY_BUFFER, Unpooled.EMPTY_BUFFER);

  void writeTo(ByteBuf out) {
    FieldWriter.writeBytes(out, continuationToken);
    out.writeInt(0);
    FieldWriter.writeBytes(out, fromKey);
    FieldWriter.writeBytes(out, toKey);
  }

  static TableIteratorArgs readFrom(FieldReader in) {
    ByteBuf token = optionalBytes(in);
    optionalBytes(in);
    ByteBuf from = optionalBytes(in);
    return new TableIteratorArgs(token, from, optionalBytes(in));
  }

  private static ByteBuf optionalBytes(FieldReader in) {
    return in.remaining() >= Integer.BYTES ? in.readCopiedBytes() : Unpooled.EMPTY_BUFFER;
  }
}
