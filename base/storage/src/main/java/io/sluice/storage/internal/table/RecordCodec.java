package io.sluice.storage.internal.table;

import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes table records (the layout is described in {@code package-info.java}). Every
 * length read from a segment is checked against the bytes actually present before anything is
 * allocated; a malformed record is reported as {@link StorageError#CORRUPT} naming the table and
 * offset. Stateless and thread-safe.
 */
final class RecordCodec {
  /** "SLTR": marks the start of every record. */
  static final int MAGIC = 0x534C5452;

  /** magic(4) length(4) crc(4) kind(1) entryCount(4) cut(8) compactedThrough(8). */
  static final int HEADER_BYTES = 33;

  /** type(1) keyLength(4) valueLength(4) version(8). */
  static final int ENTRY_HEADER_BYTES = 17;

  /** The bytes needed to learn a record's length. */
  static final int PREFIX_BYTES = 8;

  private static final byte PUT = 1;
  private static final byte REMOVE = 2;
  private static final int CRC_START = 12;

  private RecordCodec() {}

  /**
   * An entry to be written.
   *
   * @param key the key
   * @param value the value of a put (its remaining bytes), null for a removal
   * @param version the version to record for a compaction copy, or 0 to use the entry's position
   */
  record Draft(Key key, ByteBuffer value, long version) {
    boolean removal() {
      return value == null;
    }

    int valueLength() {
      return value == null ? 0 : value.remaining();
    }

    long size() {
      return ENTRY_HEADER_BYTES + (long) key.length() + valueLength();
    }
  }

  /** A record ready to append plus its decoded form (without values) for the index. */
  record Encoded(ByteBuffer bytes, TableRecord record) {}

  /** Size of a record holding entries whose sizes sum to {@code entryBytes}. */
  static long recordSize(long entryBytes) {
    return HEADER_BYTES + entryBytes;
  }

  /** Size of one entry. */
  static long entrySize(int keyLength, int valueLength) {
    return ENTRY_HEADER_BYTES + (long) keyLength + valueLength;
  }

  /**
   * Encodes a record that will start at {@code offset}. The caller has checked that its size fits
   * in an int (and in the append limit).
   */
  static Encoded encode(
      long offset, TableRecord.Kind kind, long cut, long compactedThrough, List<Draft> drafts) {
    long entryBytes = 0;
    for (Draft d : drafts) {
      entryBytes += d.size();
    }
    int length = Math.toIntExact(recordSize(entryBytes));
    ByteBuffer b = ByteBuffer.allocate(length);
    b.putInt(MAGIC).putInt(length).putInt(0).put(kind.code).putInt(drafts.size());
    b.putLong(cut).putLong(compactedThrough);
    List<RecordEntry> entries = new ArrayList<>(drafts.size());
    for (Draft d : drafts) {
      long position = offset + b.position();
      long version = d.version() == 0 ? position : d.version();
      b.put(d.removal() ? REMOVE : PUT)
          .putInt(d.key().length())
          .putInt(d.valueLength())
          .putLong(version)
          .put(d.key().bytes());
      if (d.value() != null) {
        b.put(d.value().duplicate());
      }
      entries.add(new RecordEntry(position, d.removal(), d.key(), null, d.valueLength(), version));
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), CRC_START, length - CRC_START);
    b.putInt(8, (int) crc.getValue());
    b.flip();
    return new Encoded(b, new TableRecord(offset, length, kind, cut, compactedThrough, entries));
  }

  /**
   * Reads the length of the record starting at {@code buf.position()} (at least {@link
   * #PREFIX_BYTES} remaining) without moving the position.
   *
   * @param available bytes of the segment from the record's start to the end of what may be read
   */
  static int peekLength(String table, ByteBuffer buf, long offset, long available, int maxRecord) {
    int p = buf.position();
    int magic = buf.getInt(p);
    int length = buf.getInt(p + 4);
    if (magic != MAGIC) {
      throw corrupt(table, offset, "no record starts here (bad magic)");
    }
    if (length < HEADER_BYTES || length > maxRecord || length > available) {
      throw corrupt(table, offset, "record length " + length + " out of bounds");
    }
    return length;
  }

  /**
   * Decodes the record at {@code buf.position()}, which must hold all {@code length} bytes of it;
   * advances the position past it.
   *
   * @param withValues whether to keep (read-only slices of) the values
   */
  static TableRecord decode(
      String table, ByteBuffer buf, long offset, int length, boolean withValues) {
    int start = buf.position();
    if (buf.remaining() < length) {
      throw corrupt(table, offset, "record truncated");
    }
    CRC32C crc = new CRC32C();
    crc.update(buf.duplicate().position(start + CRC_START).limit(start + length));
    if ((int) crc.getValue() != buf.getInt(start + 8)) {
      throw corrupt(table, offset, "checksum mismatch");
    }
    TableRecord.Kind kind = TableRecord.Kind.of(buf.get(start + 12));
    int count = buf.getInt(start + 13);
    long cut = buf.getLong(start + 17);
    long compactedThrough = buf.getLong(start + 25);
    if (kind == null) {
      throw corrupt(table, offset, "unknown record kind " + buf.get(start + 12));
    }
    if (count < 0 || count > (length - HEADER_BYTES) / ENTRY_HEADER_BYTES) {
      throw corrupt(table, offset, "entry count " + count + " out of bounds");
    }
    boolean compaction = kind == TableRecord.Kind.COMPACTION;
    if (compaction ? cut < 0 || cut > offset || compactedThrough < 0 : cut != 0) {
      throw corrupt(table, offset, "bad compaction bounds");
    }
    List<RecordEntry> entries = new ArrayList<>(count);
    int p = start + HEADER_BYTES;
    int end = start + length;
    for (int i = 0; i < count; i++) {
      long position = offset + (p - start);
      if (end - p < ENTRY_HEADER_BYTES) {
        throw corrupt(table, position, "entry header past the record's end");
      }
      byte type = buf.get(p);
      int keyLength = buf.getInt(p + 1);
      int valueLength = buf.getInt(p + 5);
      long version = buf.getLong(p + 9);
      p += ENTRY_HEADER_BYTES;
      if (type != PUT && type != REMOVE) {
        throw corrupt(table, position, "unknown entry type " + type);
      }
      if (keyLength < 0 || valueLength < 0 || (long) keyLength + valueLength > end - p) {
        throw corrupt(table, position, "entry lengths out of bounds");
      }
      if (type == REMOVE && valueLength != 0) {
        throw corrupt(table, position, "removal with a value");
      }
      if (compaction ? version <= 0 || version >= position : version != position) {
        throw corrupt(table, position, "bad version " + version);
      }
      byte[] key = new byte[keyLength];
      buf.get(p, key);
      p += keyLength;
      ByteBuffer value = null;
      if (type == PUT && withValues) {
        value = buf.slice(p, valueLength).asReadOnlyBuffer();
      }
      p += valueLength;
      entries.add(
          new RecordEntry(position, type == REMOVE, Key.wrap(key), value, valueLength, version));
    }
    if (p != end) {
      throw corrupt(table, offset, "record has " + (end - p) + " trailing bytes");
    }
    buf.position(end);
    return new TableRecord(offset, length, kind, cut, compactedThrough, entries);
  }

  static StorageException corrupt(String table, long offset, String what) {
    return new StorageException(
        StorageError.CORRUPT, "table segment '" + table + "' at offset " + offset + ": " + what);
  }
}
