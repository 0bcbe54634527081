package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;

/**
 * Reply to {@link GetSegmentAttribute}.
 *
 * <p>Wire layout after the header (type 35): requestId: int64; value: int64.
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param value the value, {@link WireCommand#NULL_ATTRIBUTE_VALUE} if unset
 */
public record SegmentAttribute(long requestId, long value) implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.SEGMENT_ATTRIBUTE;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    out.writeLong(value);
  }

  static SegmentAttribute readFrom(FieldReader in) {
    long requestId = in.readLong();
    long value = in.readLong();
    return new SegmentAttribute(requestId, value);
  }
}
