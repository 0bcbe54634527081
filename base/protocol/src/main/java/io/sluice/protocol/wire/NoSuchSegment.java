package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * The segment does not exist.
 *
 * <p>Wire layout after the header (type 53): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); serverStackTrace: UTF (u16 length + modified UTF-8) (optional); offset: int64 (optional).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param serverStackTrace diagnostic text from the server, may be empty
 */
public record NoSuchSegment(long requestId, String segment, String serverStackTrace, long offset)
    implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.NO_SUCH_SEGMENT;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUtf(out, serverStackTrace);
    out.writeLong(offset);
  }

  static NoSuchSegment readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    String serverStackTrace = in.readUtfOr("");
    long offset = in.readLongOr(-1L);
    return new NoSuchSegment(requestId, segment, serverStackTrace, offset);
  }
}
