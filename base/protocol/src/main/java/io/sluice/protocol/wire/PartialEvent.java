package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;

/**
 * The head of an event that did not fit in an {@link AppendBlock}; it sits at the end of the block,
 * and the rest of the event travels in {@link AppendBlockEnd#data()}.
 *
 * <p>Wire layout after the header (type -2): data: bytes to the end of the frame.
 *
 * <p>Holds a reference-counted buffer: whoever holds the command releases it once (a Netty pipeline
 * does so after encoding, and after {@code channelRead} via {@link
 * io.netty.util.ReferenceCountUtil}). Otherwise immutable; safe to pass between threads, not to
 * release twice.
 *
 * @param data the bytes of the split event that are in the block
 */
public record PartialEvent(ByteBuf data) implements DataCommand {
  @Override
  public WireCommandType type() {
    return WireCommandType.PARTIAL_EVENT;
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

  static PartialEvent readFrom(FieldReader in) {
    ByteBuf data = in.readSlicedRest();
    return new PartialEvent(data.retain());
  }
}
