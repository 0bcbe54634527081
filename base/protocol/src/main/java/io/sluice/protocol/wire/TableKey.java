package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.wire.internal.FieldReader;

/**
 * A key of a table segment with a version, inside table commands. The version is a condition in
 * requests ({@link #NO_VERSION}: none, {@link #NOT_EXISTS}: the key must be absent) and the current
 * version in replies (in practice a segment offset).
 *
 * <p>Wire layout: int32 total length (4 + key length + 8), int32 key length, key bytes, int64
 * version. An empty key is written without its version and decodes as {@link #EMPTY}.
 *
 * <p>Decoded keys own an unpooled heap copy of their bytes: nothing to release. Immutable and
 * thread-safe as long as nobody writes into {@code key}.
 *
 * @param key the key bytes (the readable bytes of the buffer)
 * @param version the version or version condition
 */
public record TableKey(ByteBuf key, long version) {
  /** Version condition: update unconditionally. */
  public static final long NO_VERSION = Long.MIN_VALUE;

  /** Version condition: the key must not exist; in replies, the key does not exist. */
  public static final long NOT_EXISTS = -1L;

  /** The empty key with no version. */
  public static final TableKey EMPTY = new TableKey(Unpooled.EMPTY_BUFFER, NO_VERSION);

  /** The fewest bytes a key takes on the wire. */
  static final int MIN_SIZE = 2 * Integer.BYTES;

  /** A key from bytes (wrapped, not copied). */
  public static TableKey of(byte[] key, long version) {
    return new TableKey(Unpooled.wrappedBuffer(key), version);
  }

  void writeTo(ByteBuf out) {
    int len = key.readableBytes();
    out.writeInt(Integer.BYTES + len + Long.BYTES);
    out.writeInt(len);
    if (len != 0) {
      out.writeBytes(key, key.readerIndex(), len);
      out.writeLong(version);
    }
  }

  static TableKey readFrom(FieldReader in) {
    in.readInt(); // total length: implied by the key length
    int len = in.readInt();
    if (len == 0) {
      return EMPTY;
    }
    if (len < 0) {
      throw in.malformed("negative table key length " + len);
    }
    ByteBuf key = in.readCopiedBytes(len);
    return new TableKey(key, in.readLong());
  }
}
