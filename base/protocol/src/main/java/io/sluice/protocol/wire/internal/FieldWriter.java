package io.sluice.protocol.wire.internal;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Writes fields the way {@link java.io.DataOutput} does (big-endian, modified UTF-8 strings), so
 * that frames are byte-for-byte what the Pravega Java client and server write.
 *
 * <p>Stateless and thread-safe.
 */
public final class FieldWriter {
  private FieldWriter() {}

  /** A string, with {@code null} written as the empty string (as Pravega does for tokens). */
  public static void writeUtf(ByteBuf out, String s) {
    ModifiedUtf8.write(out, s == null ? "" : s);
  }

  /** A UUID as two longs: most significant bits first. */
  public static void writeUuid(ByteBuf out, UUID id) {
    out.writeLong(id.getMostSignificantBits());
    out.writeLong(id.getLeastSignificantBits());
  }

  /** A boolean as one byte, 1 or 0. */
  public static void writeBoolean(ByteBuf out, boolean b) {
    out.writeByte(b ? 1 : 0);
  }

  /** An int length and the readable bytes of {@code data} (not consumed); null is empty. */
  public static void writeBytes(ByteBuf out, ByteBuf data) {
    if (data == null) {
      out.writeInt(0);
      return;
    }
    out.writeInt(data.readableBytes());
    out.writeBytes(data, data.readerIndex(), data.readableBytes());
  }

  /** An int count, then each element. */
  public static <T> void writeList(ByteBuf out, List<T> list, BiConsumer<ByteBuf, T> element) {
    out.writeInt(list.size());
    for (T t : list) {
      element.accept(out, t);
    }
  }
}
