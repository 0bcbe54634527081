package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Reply to {@link GetStreamSegmentInfo}.
 *
 * <p>Wire layout after the header (type 12): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); exists: bool (1 byte); sealed: bool (1 byte); deleted: bool (1 byte); lastModified:
 * int64; writeOffset: int64; startOffset: int64 (optional).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param lastModified milliseconds since the epoch
 * @param writeOffset the segment length
 * @param startOffset the first readable offset (after truncation)
 */
public record StreamSegmentInfo(
    long requestId,
    String segment,
    boolean exists,
    boolean sealed,
    boolean deleted,
    long lastModified,
    long writeOffset,
    long startOffset)
    implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.STREAM_SEGMENT_INFO;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeBoolean(out, exists);
    FieldWriter.writeBoolean(out, sealed);
    FieldWriter.writeBoolean(out, deleted);
    out.writeLong(lastModified);
    out.writeLong(writeOffset);
    out.writeLong(startOffset);
  }

  static StreamSegmentInfo readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    boolean exists = in.readBoolean();
    boolean sealed = in.readBoolean();
    boolean deleted = in.readBoolean();
    long lastModified = in.readLong();
    long writeOffset = in.readLong();
    long startOffset = in.readLongOr(0L);
    return new StreamSegmentInfo(
        requestId, segment, exists, sealed, deleted, lastModified, writeOffset, startOffset);
  }
}
