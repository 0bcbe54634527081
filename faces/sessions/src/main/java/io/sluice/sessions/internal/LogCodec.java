package io.sluice.sessions.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes the records of the session log segment.
 *
 * <p>Layout of one record (big-endian): {@code u32 bodyLength | u32 crc32c(body) | body}, where
 * body is {@code u8 type | u64 sessionId | payload}:
 *
 * <pre>
 *   NEW     1  u32 kind
 *   APPEND  2  u32 n, n x (u32 length, bytes)
 *   REPLACE 3  u32 length, bytes
 *   DELETE  4  (nothing)
 *   STORE   5  i64 dueAtMillis, u8 flags (bit 0: stored by recovery)
 *   DELIVER 6  u32 attempt
 *   MOVE    7  u32 kind
 *   IMAGE   8  u32 kind, u32 originalKind, u8 status, u32 attempt, i64 dueAtMillis, i64 storeSeq,
 *              u32 n, n x (u32 length, bytes)
 * </pre>
 *
 * Compatibility rule: a new operation is a new type code; an existing type's payload only ever
 * grows at its end, and decoders ignore bytes they do not know at the end of a body. Decoding
 * bound-checks every length before using it. Thread-safe (stateless).
 */
final class LogCodec {
  static final int HEADER = 8;
  static final int BODY_HEADER = 9;

  /** Bytes a record adds beyond its data inside APPEND and IMAGE bodies. */
  static final int PER_RECORD = 4;

  /** The largest fixed overhead of any log record (an IMAGE without its records). */
  static final int MAX_FIXED_OVERHEAD = HEADER + BODY_HEADER + 33;

  static final byte NEW = 1;
  static final byte APPEND = 2;
  static final byte REPLACE = 3;
  static final byte DELETE = 4;
  static final byte STORE = 5;
  static final byte DELIVER = 6;
  static final byte MOVE = 7;
  static final byte IMAGE = 8;

  private LogCodec() {}

  /** Thrown when a log record is malformed; the message names the offset. */
  static final class CorruptRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorruptRecordException(String message) {
      super(message);
    }
  }

  private static ByteBuffer start(int payloadBytes, byte type, long id) {
    ByteBuffer b = ByteBuffer.allocate(HEADER + BODY_HEADER + payloadBytes);
    b.putInt(BODY_HEADER + payloadBytes).putInt(0).put(type).putLong(id);
    return b;
  }

  private static ByteBuffer finish(ByteBuffer b) {
    CRC32C crc = new CRC32C();
    crc.update(b.array(), HEADER, b.position() - HEADER);
    b.putInt(4, (int) crc.getValue());
    return b.flip();
  }

  static int recordsBytes(List<ByteBuffer> records) {
    int n = 0;
    for (ByteBuffer r : records) {
      n += PER_RECORD + r.remaining();
    }
    return n;
  }

  private static void putRecords(ByteBuffer b, List<ByteBuffer> records) {
    b.putInt(records.size());
    for (ByteBuffer r : records) {
      b.putInt(r.remaining()).put(r.duplicate());
    }
  }

  static ByteBuffer newSession(long id, int kind) {
    return finish(start(4, NEW, id).putInt(kind));
  }

  static ByteBuffer append(long id, List<ByteBuffer> records) {
    ByteBuffer b = start(4 + recordsBytes(records), APPEND, id);
    putRecords(b, records);
    return finish(b);
  }

  static ByteBuffer replace(long id, ByteBuffer record) {
    ByteBuffer b = start(4 + record.remaining(), REPLACE, id);
    b.putInt(record.remaining()).put(record.duplicate());
    return finish(b);
  }

  static ByteBuffer delete(long id) {
    return finish(start(0, DELETE, id));
  }

  static ByteBuffer store(long id, long dueAtMillis, boolean recovered) {
    return finish(start(9, STORE, id).putLong(dueAtMillis).put((byte) (recovered ? 1 : 0)));
  }

  static ByteBuffer deliver(long id, int attempt) {
    return finish(start(4, DELIVER, id).putInt(attempt));
  }

  static ByteBuffer move(long id, int kind) {
    return finish(start(4, MOVE, id).putInt(kind));
  }

  static ByteBuffer image(
      long id,
      int kind,
      int originalKind,
      SessionStatus status,
      int attempt,
      long dueAtMillis,
      long storeSeq,
      List<ByteBuffer> records) {
    ByteBuffer b = start(33 + recordsBytes(records), IMAGE, id);
    b.putInt(kind).putInt(originalKind).put((byte) status.code).putInt(attempt);
    b.putLong(dueAtMillis).putLong(storeSeq);
    putRecords(b, records);
    return finish(b);
  }

  /**
   * The total length of the record whose header starts at {@code b}'s position, or -1 when fewer
   * than {@link #HEADER} bytes remain. Does not move the position.
   */
  static int frameLength(ByteBuffer b, long offset, int maxBody) {
    if (b.remaining() < HEADER) {
      return -1;
    }
    int body = b.getInt(b.position());
    if (body < BODY_HEADER || body > maxBody) {
      throw new CorruptRecordException(
          "session log record at offset " + offset + " has a bad body length " + body);
    }
    return HEADER + body;
  }

  /**
   * Decodes the record that fills {@code frame} from its position to its limit and starts at {@code
   * offset} in the log.
   */
  static LogEntry decode(ByteBuffer frame, long offset) {
    return decode(frame, offset, true);
  }

  /**
   * {@link #decode(ByteBuffer, long)} of a record this process has just encoded (the log applies
   * what it writes): its checksum is not checked again.
   */
  static LogEntry decodeOwn(ByteBuffer frame, long offset) {
    return decode(frame, offset, false);
  }

  private static LogEntry decode(ByteBuffer frame, long offset, boolean verify) {
    ByteBuffer b = frame.slice();
    int bodyLength = b.getInt();
    int expectedCrc = b.getInt();
    if (bodyLength != b.remaining() || bodyLength < BODY_HEADER) {
      throw new CorruptRecordException(
          "session log record at offset " + offset + " has a bad length " + bodyLength);
    }
    if (verify) {
      CRC32C crc = new CRC32C();
      crc.update(b.duplicate());
      if ((int) crc.getValue() != expectedCrc) {
        throw new CorruptRecordException("session log record at offset " + offset + ": bad CRC");
      }
    }
    byte type = b.get();
    long id = b.getLong();
    try {
      return switch (type) {
        case NEW -> new LogEntry.New(id, b.getInt());
        case APPEND -> new LogEntry.Append(id, records(b, offset));
        case REPLACE -> new LogEntry.Replace(id, record(b, offset));
        case DELETE -> new LogEntry.Delete(id);
        case STORE -> new LogEntry.Store(id, b.getLong(), (b.get() & 1) != 0);
        case DELIVER -> new LogEntry.Deliver(id, b.getInt());
        case MOVE -> new LogEntry.Move(id, b.getInt());
        case IMAGE -> image(id, b, offset);
        default ->
            throw new CorruptRecordException(
                "session log record at offset " + offset + " has an unknown type " + type);
      };
    } catch (java.nio.BufferUnderflowException e) {
      throw new CorruptRecordException(
          "session log record at offset " + offset + " is shorter than its type needs");
    }
  }

  private static LogEntry image(long id, ByteBuffer b, long offset) {
    int kind = b.getInt();
    int originalKind = b.getInt();
    int statusCode = b.get();
    SessionStatus status = SessionStatus.ofCode(statusCode);
    if (status == null) {
      throw new CorruptRecordException(
          "session image at offset " + offset + " has an unknown status " + statusCode);
    }
    int attempt = b.getInt();
    long due = b.getLong();
    long storeSeq = b.getLong();
    return new LogEntry.Image(
        id, kind, originalKind, status, attempt, due, storeSeq, records(b, offset));
  }

  private static RecordRef record(ByteBuffer b, long frameOffset) {
    int length = b.getInt();
    if (length < 0 || length > b.remaining()) {
      throw new CorruptRecordException(
          "session log record at offset "
              + frameOffset
              + " holds a record of "
              + length
              + " bytes with "
              + b.remaining()
              + " left");
    }
    RecordRef ref = new RecordRef(frameOffset + b.position(), length);
    b.position(b.position() + length);
    return ref;
  }

  private static List<RecordRef> records(ByteBuffer b, long frameOffset) {
    int n = b.getInt();
    if (n < 0 || (long) n * PER_RECORD > b.remaining()) {
      throw new CorruptRecordException(
          "session log record at offset " + frameOffset + " claims " + n + " records");
    }
    List<RecordRef> refs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      refs.add(record(b, frameOffset));
    }
    return refs;
  }
}
