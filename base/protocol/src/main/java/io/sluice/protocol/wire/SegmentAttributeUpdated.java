package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Reply to {@link UpdateSegmentAttribute}.
 *
 * <p>Wire layout after the header (type 37): requestId: int64; success: bool (1 byte).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 */
public record SegmentAttributeUpdated(long requestId, boolean success) implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.SEGMENT_ATTRIBUTE_UPDATED;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeBoolean(out, success);
  }

  static SegmentAttributeUpdated readFrom(FieldReader in) {
    long requestId = in.readLong();
    boolean success = in.readBoolean();
    return new SegmentAttributeUpdated(requestId, success);
  }
}
