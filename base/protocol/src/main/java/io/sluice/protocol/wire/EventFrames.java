package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;

/**
 * The framing of events inside segment data and append data: each event is {@code [int32 0][int32
 * length][payload]} (the header of an {@link Event} frame). Event streams store exactly these
 * bytes; byte streams store raw bytes without framing.
 *
 * <p>Stateless and thread-safe.
 */
public final class EventFrames {
  /** The size of the header before each event. */
  public static final int HEADER_SIZE = WireCommand.HEADER_SIZE;

  /** The largest event payload the Pravega client writes (8 MiB). */
  public static final int MAX_EVENT_SIZE = 8 * 1024 * 1024;

  /** {@link #completeFrame}: more bytes are needed for a whole event. */
  public static final int INCOMPLETE = 0;

  /** {@link #completeFrame}: the bytes do not start with a valid event header. */
  public static final int CORRUPT = -1;

  private EventFrames() {}

  /**
   * Looks at segment data without consuming it, as a reader does with what {@link SegmentRead}s
   * returned: the size (header included) of the whole event at the reader index, or {@link
   * #INCOMPLETE} if more bytes must be read first, or {@link #CORRUPT} if the bytes are not an
   * event header (type 0 and a length of 0 to {@link #MAX_EVENT_SIZE}), e.g. because the offset is
   * not at an event boundary.
   */
  public static int completeFrame(ByteBuf data) {
    if (data.readableBytes() < HEADER_SIZE) {
      return INCOMPLETE;
    }
    int at = data.readerIndex();
    int length = data.getInt(at + Integer.BYTES);
    if (data.getInt(at) != WireCommandType.EVENT.code() || length < 0 || length > MAX_EVENT_SIZE) {
      return CORRUPT;
    }
    return data.readableBytes() - HEADER_SIZE < length ? INCOMPLETE : HEADER_SIZE + length;
  }

  /** Writes the event header and the readable bytes of {@code payload} (not consumed). */
  public static void write(ByteBuf out, ByteBuf payload) {
    out.writeInt(WireCommandType.EVENT.code());
    out.writeInt(payload.readableBytes());
    out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
  }

  /**
   * Reads a framed event inside another command; returns its payload as a slice that is not
   * retained.
   */
  static ByteBuf read(FieldReader in) {
    int type = in.readInt();
    if (type != WireCommandType.EVENT.code()) {
      throw in.malformed("expected an event header (type 0) but found type " + type);
    }
    return in.readSlicedBytes();
  }
}
