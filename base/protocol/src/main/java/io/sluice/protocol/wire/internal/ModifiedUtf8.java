package io.sluice.protocol.wire.internal;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.WireError;
import io.sluice.protocol.wire.WireProtocolException;

/**
 * Strings as {@link java.io.DataOutput#writeUTF} writes them: an unsigned 16-bit byte count, then
 * "modified" UTF-8 (U+0000 as two bytes, supplementary characters as two 3-byte surrogates).
 *
 * <p>Stateless and thread-safe.
 */
public final class ModifiedUtf8 {
  /** The largest encoded size a string may have (the length prefix is 16 bits). */
  public static final int MAX_ENCODED_LENGTH = 0xFFFF;

  private ModifiedUtf8() {}

  /** The number of bytes {@code s} takes in modified UTF-8, without the length prefix. */
  public static int encodedLength(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      n += (c >= 0x0001 && c <= 0x007F) ? 1 : (c <= 0x07FF ? 2 : 3);
    }
    return n;
  }

  /**
   * Writes the length prefix and the bytes of {@code s}.
   *
   * @throws WireProtocolException ({@link WireError#TOO_LONG_TO_ENCODE}) if it needs over 65535
   *     bytes
   */
  public static void write(ByteBuf out, String s) {
    int len = encodedLength(s);
    if (len > MAX_ENCODED_LENGTH) {
      throw new WireProtocolException(
          WireError.TOO_LONG_TO_ENCODE,
          "a string of " + len + " bytes exceeds the " + MAX_ENCODED_LENGTH + "-byte limit");
    }
    out.ensureWritable(2 + len);
    out.writeShort(len);
    if (len == s.length()) {
      for (int i = 0; i < s.length(); i++) {
        out.writeByte(s.charAt(i));
      }
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x0001 && c <= 0x007F) {
        out.writeByte(c);
      } else if (c <= 0x07FF) {
        out.writeByte(0xC0 | (c >> 6));
        out.writeByte(0x80 | (c & 0x3F));
      } else {
        out.writeByte(0xE0 | (c >> 12));
        out.writeByte(0x80 | ((c >> 6) & 0x3F));
        out.writeByte(0x80 | (c & 0x3F));
      }
    }
  }

  /**
   * Decodes {@code len} bytes of modified UTF-8 starting at {@code in}'s reader index and advances
   * it. The caller has checked that {@code len} bytes are readable.
   *
   * @throws WireProtocolException ({@link WireError#MALFORMED}) on an invalid byte sequence
   */
  public static String read(ByteBuf in, int len) {
    char[] chars = new char[len];
    int end = in.readerIndex() + len;
    int i = in.readerIndex();
    int n = 0;
    while (i < end) {
      int b = in.getByte(i) & 0xFF;
      if (b < 0x80) {
        chars[n++] = (char) b;
        i++;
      } else if ((b & 0xE0) == 0xC0) {
        int b2 = continuation(in, i + 1, end);
        chars[n++] = (char) (((b & 0x1F) << 6) | b2);
        i += 2;
      } else if ((b & 0xF0) == 0xE0) {
        int b2 = continuation(in, i + 1, end);
        int b3 = continuation(in, i + 2, end);
        chars[n++] = (char) (((b & 0x0F) << 12) | (b2 << 6) | b3);
        i += 3;
      } else {
        throw malformed(i - in.readerIndex());
      }
    }
    in.readerIndex(end);
    return new String(chars, 0, n);
  }

  private static int continuation(ByteBuf in, int index, int end) {
    if (index >= end) {
      throw new WireProtocolException(
          WireError.MALFORMED, "modified UTF-8 string ends inside a multi-byte character");
    }
    int b = in.getByte(index) & 0xFF;
    if ((b & 0xC0) != 0x80) {
      throw malformed(index - in.readerIndex());
    }
    return b & 0x3F;
  }

  private static WireProtocolException malformed(int at) {
    return new WireProtocolException(
        WireError.MALFORMED, "invalid modified UTF-8 byte at offset " + at + " of a string");
  }
}
