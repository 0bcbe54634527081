package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Reply to {@link MergeSegments}.
 *
 * <p>Wire layout after the header (type 59): requestId: int64; target: UTF (u16 length + modified
 * UTF-8); source: UTF (u16 length + modified UTF-8); newTargetWriteOffset: int64 (optional).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 */
public record SegmentsMerged(
    long requestId, String target, String source, long newTargetWriteOffset) implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.SEGMENTS_MERGED;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, target);
    FieldWriter.writeUtf(out, source);
    out.writeLong(newTargetWriteOffset);
  }

  static SegmentsMerged readFrom(FieldReader in) {
    long requestId = in.readLong();
    String target = in.readUtf();
    String source = in.readUtf();
    long newTargetWriteOffset = in.readLongOr(-1L);
    return new SegmentsMerged(requestId, target, source, newTargetWriteOffset);
  }
}
