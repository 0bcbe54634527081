package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * A read asked for data before the segment's start offset.
 *
 * <p>Wire layout after the header (type 56): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); startOffset: int64; serverStackTrace: UTF (u16 length + modified UTF-8) (optional);
 * offset: int64 (optional).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param serverStackTrace diagnostic text from the server, may be empty
 */
public record SegmentIsTruncated(
    long requestId, String segment, long startOffset, String serverStackTrace, long offset)
    implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.SEGMENT_IS_TRUNCATED;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    out.writeLong(startOffset);
    FieldWriter.writeUtf(out, serverStackTrace);
    out.writeLong(offset);
  }

  static SegmentIsTruncated readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    long startOffset = in.readLong();
    String serverStackTrace = in.readUtfOr("");
    long offset = in.readLongOr(-1L);
    return new SegmentIsTruncated(requestId, segment, startOffset, serverStackTrace, offset);
  }
}
