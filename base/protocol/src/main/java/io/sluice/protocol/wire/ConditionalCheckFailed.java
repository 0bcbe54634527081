package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.UUID;

/**
 * A conditional append found another length than expected; the connection stays usable.
 *
 * <p>Wire layout after the header (type 8): writerId: UUID (2 x int64); eventNumber: int64;
 * requestId: int64 (optional).
 *
 * <p>Immutable and thread-safe.
 */
public record ConditionalCheckFailed(UUID writerId, long eventNumber, long requestId)
    implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.CONDITIONAL_CHECK_FAILED;
  }

  @Override
  public void writeFields(ByteBuf out) {
    FieldWriter.writeUuid(out, writerId);
    out.writeLong(eventNumber);
    out.writeLong(requestId);
  }

  static ConditionalCheckFailed readFrom(FieldReader in) {
    UUID writerId = in.readUuid();
    long eventNumber = in.readLong();
    long requestId = in.readLongOr(-1L);
    return new ConditionalCheckFailed(writerId, eventNumber, requestId);
  }
}
