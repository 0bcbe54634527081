package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;

/**
 * One event as framed inside segment data: {@code [int 0][int length][payload]}. It never travels
 * as a frame of its own, but encoding it as one yields exactly the framing that event streams
 * store, which is how {@link ConditionalAppend} and the Java client frame events.
 *
 * <p>Wire layout after the header (type 0): data: bytes to the end of the frame.
 *
 * <p>Holds a reference-counted buffer: whoever holds the command releases it once (a Netty pipeline
 * does so after encoding, and after {@code channelRead} via {@link
 * io.netty.util.ReferenceCountUtil}). Otherwise immutable; safe to pass between threads, not to
 * release twice.
 *
 * @param data the event payload
 */
public record Event(ByteBuf data) implements DataCommand {
  @Override
  public WireCommandType type() {
    return WireCommandType.EVENT;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeBytes(data, data.readerIndex(), data.readableBytes());
  }

  /** This command has no request id on the wire. */
  @Override
  public long requestId() {
    return -1;
  }

  static Event readFrom(FieldReader in) {
    ByteBuf data = in.readSlicedRest();
    return new Event(data.retain());
  }
}
