package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.UUID;

/**
 * Acknowledges appends up to {@code eventNumber} (cumulative, in order).
 *
 * <p>Wire layout after the header (type 7): writerId: UUID (2 x int64); eventNumber: int64;
 * previousEventNumber: int64 (optional); requestId: int64 (optional); currentSegmentWriteOffset:
 * int64 (optional).
 *
 * <p>Immutable and thread-safe.
 *
 * @param currentSegmentWriteOffset the segment length after the append
 */
public record DataAppended(
    UUID writerId,
    long eventNumber,
    long previousEventNumber,
    long requestId,
    long currentSegmentWriteOffset)
    implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.DATA_APPENDED;
  }

  @Override
  public void writeFields(ByteBuf out) {
    FieldWriter.writeUuid(out, writerId);
    out.writeLong(eventNumber);
    out.writeLong(previousEventNumber);
    out.writeLong(requestId);
    out.writeLong(currentSegmentWriteOffset);
  }

  static DataAppended readFrom(FieldReader in) {
    UUID writerId = in.readUuid();
    long eventNumber = in.readLong();
    long previousEventNumber = in.readLongOr(-1L);
    long requestId = in.readLongOr(-1L);
    long currentSegmentWriteOffset = in.readLongOr(-1L);
    return new DataAppended(
        writerId, eventNumber, previousEventNumber, requestId, currentSegmentWriteOffset);
  }
}
