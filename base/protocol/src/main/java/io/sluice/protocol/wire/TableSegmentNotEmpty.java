package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * A table segment to delete with {@code mustBeEmpty} still has keys.
 *
 * <p>Wire layout after the header (type 80): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); serverStackTrace: UTF (u16 length + modified UTF-8) (optional).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param serverStackTrace diagnostic text from the server, may be empty
 */
public record TableSegmentNotEmpty(long requestId, String segment, String serverStackTrace)
    implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.TABLE_SEGMENT_NOT_EMPTY;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUtf(out, serverStackTrace);
  }

  static TableSegmentNotEmpty readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    String serverStackTrace = in.readUtfOr("");
    return new TableSegmentNotEmpty(requestId, segment, serverStackTrace);
  }
}
