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

  private EventFrames() {}

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
