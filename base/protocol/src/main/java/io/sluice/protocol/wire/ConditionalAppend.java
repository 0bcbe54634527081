package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.UUID;

/**
 * Appends one event only if the segment has exactly {@code expectedOffset} bytes (state
 * synchronizers use it).
 *
 * <p>Wire layout after the header (type 5): writerId: UUID (2 x int64); eventNumber: int64;
 * expectedOffset: int64; data: Event (int32 0, int32 length, bytes); requestId: int64 (optional).
 *
 * <p>Holds a reference-counted buffer: whoever holds the command releases it once (a Netty pipeline
 * does so after encoding, and after {@code channelRead} via {@link
 * io.netty.util.ReferenceCountUtil}). Otherwise immutable; safe to pass between threads, not to
 * release twice.
 *
 * @param data the event payload, framed as an {@link Event} on the wire
 */
public record ConditionalAppend(
    UUID writerId, long eventNumber, long expectedOffset, ByteBuf data, long requestId)
    implements Request, DataCommand {
  @Override
  public WireCommandType type() {
    return WireCommandType.CONDITIONAL_APPEND;
  }

  @Override
  public void writeFields(ByteBuf out) {
    FieldWriter.writeUuid(out, writerId);
    out.writeLong(eventNumber);
    out.writeLong(expectedOffset);
    EventFrames.write(out, data);
    out.writeLong(requestId);
  }

  static ConditionalAppend readFrom(FieldReader in) {
    UUID writerId = in.readUuid();
    long eventNumber = in.readLong();
    long expectedOffset = in.readLong();
    ByteBuf data = EventFrames.read(in);
    long requestId = in.readLongOr(-1L);
    return new ConditionalAppend(writerId, eventNumber, expectedOffset, data.retain(), requestId);
  }
}
