package io.sluice.protocol.wire.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.wire.WireError;
import io.sluice.protocol.wire.WireProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads the fields of one frame body, big-endian as {@link java.io.DataInput} does, and checks
 * every length against the bytes left in the frame before reading or allocating anything. A
 * shortfall gives a {@link WireProtocolException} naming the command, never an {@link
 * IndexOutOfBoundsException}.
 *
 * <p>Optional trailing fields (the protocol's way of evolving) are read with the {@code ...Or}
 * methods, which return a default when the frame ends before them.
 *
 * <p>Not thread-safe: one reader per frame, on one thread.
 */
public final class FieldReader {
  private final String command;
  private final ByteBuf body;
  private final int frameLength;

  /**
   * Creates a reader over the readable bytes of {@code body}, which are exactly one frame's
   * payload.
   */
  public FieldReader(String command, ByteBuf body) {
    this.command = command;
    this.body = body;
    this.frameLength = body.readableBytes();
  }

  /** The bytes not read yet. */
  public int remaining() {
    return body.readableBytes();
  }

  /** The name of the command being read, for error messages. */
  public String command() {
    return command;
  }

  /** Fails with {@link WireError#TRUNCATED} unless {@code n} more bytes are left. */
  public void require(int n) {
    if (n > body.readableBytes()) {
      throw new WireProtocolException(
          WireError.TRUNCATED,
          command
              + ": needs "
              + n
              + " more bytes at offset "
              + (frameLength - body.readableBytes())
              + " of a "
              + frameLength
              + "-byte frame");
    }
  }

  /** A {@link WireError#MALFORMED} exception about this command. */
  public WireProtocolException malformed(String what) {
    return new WireProtocolException(WireError.MALFORMED, command + ": " + what);
  }

  /** One byte. */
  public byte readByte() {
    require(1);
    return body.readByte();
  }

  /** A boolean: one byte, anything but 0 is true. */
  public boolean readBoolean() {
    require(1);
    return body.readByte() != 0;
  }

  /** A big-endian int32. */
  public int readInt() {
    require(4);
    return body.readInt();
  }

  /** A big-endian int64. */
  public long readLong() {
    require(8);
    return body.readLong();
  }

  /** A UUID as two longs: most significant bits first. */
  public UUID readUuid() {
    require(16);
    return new UUID(body.readLong(), body.readLong());
  }

  /** A string as {@link java.io.DataInput#readUTF()} reads it. */
  public String readUtf() {
    require(2);
    int len = body.readUnsignedShort();
    require(len);
    return ModifiedUtf8.read(body, len);
  }

  /** A trailing optional long, or {@code dflt} if fewer than 8 bytes are left. */
  public long readLongOr(long dflt) {
    return body.readableBytes() >= Long.BYTES ? body.readLong() : dflt;
  }

  /** A trailing optional int, or {@code dflt} if fewer than 4 bytes are left. */
  public int readIntOr(int dflt) {
    return body.readableBytes() >= Integer.BYTES ? body.readInt() : dflt;
  }

  /** A trailing optional boolean, or {@code dflt} if no byte is left. */
  public boolean readBooleanOr(boolean dflt) {
    return body.readableBytes() >= 1 ? body.readByte() != 0 : dflt;
  }

  /** A trailing optional string, or {@code dflt} if the frame has ended. */
  public String readUtfOr(String dflt) {
    return body.readableBytes() > 0 ? readUtf() : dflt;
  }

  /** Reads an int length; fails unless {@code 0 <= length <= remaining}. */
  public int readLength() {
    int len = readInt();
    if (len < 0) {
      throw malformed("negative length " + len);
    }
    require(len);
    return len;
  }

  /**
   * A length-prefixed byte field as a slice of the frame that is NOT retained: it shares the
   * frame's memory and is valid only while the frame is. Call {@code retain()} on it once every
   * other field of the command has been read, so a later failure leaks nothing.
   */
  public ByteBuf readSlicedBytes() {
    return readSlicedBytes(readLength());
  }

  /** {@code len} bytes (checked) as a slice of the frame that is not retained. */
  public ByteBuf readSlicedBytes(int len) {
    require(len);
    return body.readSlice(len);
  }

  /** Everything left in the frame as a slice that is not retained. */
  public ByteBuf readSlicedRest() {
    return body.readSlice(body.readableBytes());
  }

  /**
   * A length-prefixed byte field copied to an unpooled heap buffer, which needs no release
   * (reference counting of such buffers is a no-op for memory).
   */
  public ByteBuf readCopiedBytes() {
    return readCopiedBytes(readLength());
  }

  /** {@code len} bytes (checked) copied to an unpooled heap buffer. */
  public ByteBuf readCopiedBytes(int len) {
    require(len);
    if (len == 0) {
      return Unpooled.EMPTY_BUFFER;
    }
    byte[] bytes = new byte[len];
    body.readBytes(bytes);
    return Unpooled.wrappedBuffer(bytes);
  }

  /** Skips {@code len} bytes (checked). */
  public void skip(int len) {
    require(len);
    body.skipBytes(len);
  }

  /**
   * Reads an element count and checks it is not negative and that that many elements of at least
   * {@code minElementSize} bytes could fit in what is left, so a forged count never makes us
   * allocate.
   */
  public int readCount(int minElementSize) {
    int n = readInt();
    if (n < 0 || (long) n * Math.max(1, minElementSize) > body.readableBytes()) {
      throw malformed(
          "element count "
              + n
              + " does not fit in the "
              + body.readableBytes()
              + " bytes left of the frame");
    }
    return n;
  }

  /** A count-prefixed list; see {@link #readCount}. */
  public <T> List<T> readList(int minElementSize, Function<FieldReader, T> element) {
    int n = readCount(minElementSize);
    List<T> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(element.apply(this));
    }
    return List.copyOf(list);
  }
}
