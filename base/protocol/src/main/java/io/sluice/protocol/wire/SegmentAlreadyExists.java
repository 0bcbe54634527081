package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * A segment of that name exists already.
 *
 * <p>Wire layout after the header (type 52): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); serverStackTrace: UTF (u16 length + modified UTF-8) (optional).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param serverStackTrace diagnostic text from the server, may be empty
 */
public record SegmentAlreadyExists(long requestId, String segment, String serverStackTrace)
    implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.SEGMENT_ALREADY_EXISTS;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUtf(out, serverStackTrace);
  }

  static SegmentAlreadyExists readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    String serverStackTrace = in.readUtfOr("");
    return new SegmentAlreadyExists(requestId, segment, serverStackTrace);
  }
}
