package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.UUID;

/**
 * Closes a block of appends (or, with no block before it, carries all the data inline). The data
 * appended is the first {@code sizeOfWholeEvents} bytes of the block, then the {@link PartialEvent}
 * (if any), then {@code data}.
 *
 * <p>Wire layout after the header (type 4): writerId: UUID (2 x int64); sizeOfWholeEvents: int32;
 * data: int32 length + bytes; numEvents: int32; lastEventNumber: int64; requestId: int64
 * (optional).
 *
 * <p>Holds a reference-counted buffer: whoever holds the command releases it once (a Netty pipeline
 * does so after encoding, and after {@code channelRead} via {@link
 * io.netty.util.ReferenceCountUtil}). Otherwise immutable; safe to pass between threads, not to
 * release twice.
 *
 * @param sizeOfWholeEvents bytes of whole events at the start of the preceding block
 * @param data the tail of a split event, or all the data when no block precedes
 * @param numEvents the number of events in the append, at least 1
 * @param lastEventNumber the event number of the last event
 */
public record AppendBlockEnd(
    UUID writerId,
    int sizeOfWholeEvents,
    ByteBuf data,
    int numEvents,
    long lastEventNumber,
    long requestId)
    implements Request, DataCommand {
  @Override
  public WireCommandType type() {
    return WireCommandType.APPEND_BLOCK_END;
  }

  @Override
  public void writeFields(ByteBuf out) {
    FieldWriter.writeUuid(out, writerId);
    out.writeInt(sizeOfWholeEvents);
    FieldWriter.writeBytes(out, data);
    out.writeInt(numEvents);
    out.writeLong(lastEventNumber);
    out.writeLong(requestId);
  }

  static AppendBlockEnd readFrom(FieldReader in) {
    UUID writerId = in.readUuid();
    int sizeOfWholeEvents = in.readInt();
    ByteBuf data = in.readSlicedBytes();
    int numEvents = in.readInt();
    long lastEventNumber = in.readLong();
    long requestId = in.readLongOr(-1L);
    return new AppendBlockEnd(
        writerId, sizeOfWholeEvents, data.retain(), numEvents, lastEventNumber, requestId);
  }
}
