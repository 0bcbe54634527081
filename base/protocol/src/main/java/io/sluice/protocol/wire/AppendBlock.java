package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.UUID;

/**
 * The start of a block of appends by one writer, Java-client style. The frame length covers the
 * writer id and the block data: whole events, then possibly a trailing {@link PartialEvent} or
 * {@link Padding} frame that fills the block exactly. An {@link AppendBlockEnd} must follow.
 *
 * <p>Wire layout after the header (type 3): writerId: UUID (2 x int64); data: bytes to the end of
 * the frame.
 *
 * <p>Holds a reference-counted buffer: whoever holds the command releases it once (a Netty pipeline
 * does so after encoding, and after {@code channelRead} via {@link
 * io.netty.util.ReferenceCountUtil}). Otherwise immutable; safe to pass between threads, not to
 * release twice.
 *
 * @param data the block data after the writer id
 */
public record AppendBlock(UUID writerId, ByteBuf data) implements Request, DataCommand {
  @Override
  public WireCommandType type() {
    return WireCommandType.APPEND_BLOCK;
  }

  @Override
  public void writeFields(ByteBuf out) {
    FieldWriter.writeUuid(out, writerId);
    out.writeBytes(data, data.readerIndex(), data.readableBytes());
  }

  /** This command has no request id on the wire. */
  @Override
  public long requestId() {
    return -1;
  }

  static AppendBlock readFrom(FieldReader in) {
    UUID writerId = in.readUuid();
    ByteBuf data = in.readSlicedRest();
    return new AppendBlock(writerId, data.retain());
  }
}
