package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * The segment is sealed; writers then ask the controller for its successors.
 *
 * <p>Wire layout after the header (type 51): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); serverStackTrace: UTF (u16 length + modified UTF-8) (optional); offset: int64 (optional).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param serverStackTrace diagnostic text from the server, may be empty
 */
public record SegmentIsSealed(long requestId, String segment, String serverStackTrace, long offset)
    implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.SEGMENT_IS_SEALED;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUtf(out, serverStackTrace);
    out.writeLong(offset);
  }

  static SegmentIsSealed readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    String serverStackTrace = in.readUtfOr("");
    long offset = in.readLongOr(-1L);
    return new SegmentIsSealed(requestId, segment, serverStackTrace, offset);
  }
}
