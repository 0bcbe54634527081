package io.sluice.storage.internal.log;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of write-ahead-log files, written down once.
 *
 * <p>A log file is {@code wal/<basePosition, 20 digits>.wal}. It starts with a {@value
 * #FILE_HEADER} byte header: magic {@code "SLWL"} (u32), version (u32), base position (u64), CRC32C
 * of the previous 16 bytes (u32), zero (u32). Records follow back to back:
 *
 * <pre>
 *   u32 payloadLength | u32 crc32c(payloadLength bytes, type, payload) | u8 type | payload
 * </pre>
 *
 * All numbers are big-endian. A log position is a byte count over the whole log: the position of
 * byte {@code i} of file {@code f} is {@code f.base + i - FILE_HEADER}, and each file's base is the
 * previous file's end position, so positions run on without gaps across files. Stateless.
 */
public final class LogFormat {
  public static final int MAGIC = 0x534C574C;
  public static final int VERSION = 1;
  public static final int FILE_HEADER = 24;
  public static final int RECORD_HEADER = 9;
  public static final String SUFFIX = ".wal";

  private LogFormat() {}

  /** The file name of a log file starting at {@code basePosition}. */
  public static String fileName(long basePosition) {
    return String.format("%020d%s", basePosition, SUFFIX);
  }

  /** The base position encoded in a log file's name, or -1 if it is not a log file name. */
  public static long baseOf(Path file) {
    String n = file.getFileName().toString();
    if (!n.endsWith(SUFFIX) || n.length() != 20 + SUFFIX.length()) {
      return -1;
    }
    try {
      return Long.parseLong(n.substring(0, 20));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** A file header for a log file starting at {@code basePosition}, ready to write. */
  public static ByteBuffer header(long basePosition) {
    ByteBuffer b = ByteBuffer.allocate(FILE_HEADER).order(ByteOrder.BIG_ENDIAN);
    b.putInt(MAGIC).putInt(VERSION).putLong(basePosition);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, 16);
    b.putInt((int) crc.getValue()).putInt(0);
    return b.flip();
  }

  /**
   * Checks a file header read from disk.
   *
   * @return null if it is valid for {@code basePosition}, else what is wrong
   */
  public static String checkHeader(ByteBuffer h, long basePosition) {
    if (h.remaining() < FILE_HEADER) {
      return "short file header";
    }
    int p = h.position();
    if (h.getInt(p) != MAGIC) {
      return "bad magic";
    }
    if (h.getInt(p + 4) != VERSION) {
      return "unknown version " + h.getInt(p + 4);
    }
    CRC32C crc = new CRC32C();
    ByteBuffer d = h.duplicate();
    d.limit(p + 16);
    crc.update(d);
    if (h.getInt(p + 16) != (int) crc.getValue()) {
      return "bad header checksum";
    }
    if (h.getLong(p + 8) != basePosition) {
      return "header base " + h.getLong(p + 8) + " does not match the file name";
    }
    return null;
  }

  /**
   * Computes the checksum of a framed record that starts at {@code start} in {@code buf} (absolute
   * index) with the given payload length, without moving the buffer's position.
   */
  public static int checksum(CRC32C crc, ByteBuffer buf, int start, int payloadLength) {
    crc.reset();
    int pos = buf.position();
    int lim = buf.limit();
    buf.limit(start + 4).position(start);
    crc.update(buf);
    buf.limit(start + RECORD_HEADER + payloadLength).position(start + 8);
    crc.update(buf);
    buf.limit(lim).position(pos);
    return (int) crc.getValue();
  }
}
