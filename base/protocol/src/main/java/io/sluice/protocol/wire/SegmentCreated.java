package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Reply to {@link CreateSegment}, {@link CreateTableSegment} and {@link CreateTransientSegment}.
 *
 * <p>Wire layout after the header (type 21): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 */
public record SegmentCreated(long requestId, String segment) implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.SEGMENT_CREATED;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
  }

  static SegmentCreated readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    return new SegmentCreated(requestId, segment);
  }
}
