package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.UUID;

/**
 * A conditional append with its data inline (already framed as events), used by large-event writers
 * and the Rust client.
 *
 * <p>Wire layout after the header (type 89): writerId: UUID (2 x int64); eventNumber: int64;
 * expectedOffset: int64; data: int32 length + bytes; requestId: int64.
 *
 * <p>Holds a reference-counted buffer: whoever holds the command releases it once (a Netty pipeline
 * does so after encoding, and after {@code channelRead} via {@link
 * io.netty.util.ReferenceCountUtil}). Otherwise immutable; safe to pass between threads, not to
 * release twice.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 */
public record ConditionalBlockEnd(
    UUID writerId, long eventNumber, long expectedOffset, ByteBuf data, long requestId)
    implements Request, DataCommand {
  @Override
  public WireCommandType type() {
    return WireCommandType.CONDITIONAL_BLOCK_END;
  }

  @Override
  public void writeFields(ByteBuf out) {
    FieldWriter.writeUuid(out, writerId);
    out.writeLong(eventNumber);
    out.writeLong(expectedOffset);
    FieldWriter.writeBytes(out, data);
    out.writeLong(requestId);
  }

  static ConditionalBlockEnd readFrom(FieldReader in) {
    UUID writerId = in.readUuid();
    long eventNumber = in.readLong();
    long expectedOffset = in.readLong();
    ByteBuf data = in.readSlicedBytes();
    long requestId = in.readLong();
    return new ConditionalBlockEnd(writerId, eventNumber, expectedOffset, data.retain(), requestId);
  }
}
