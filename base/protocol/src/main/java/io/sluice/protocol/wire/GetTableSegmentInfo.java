package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Asks for a table segment's size and entry count.
 *
 * <p>Wire layout after the header (type 68): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); delegationToken: UTF (u16 length + modified UTF-8).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param delegationToken the delegation token from the controller, empty when auth is off
 */
public record GetTableSegmentInfo(long requestId, String segment, String delegationToken)
    implements Request {
  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "GetTableSegmentInfo[requestId="
        + requestId
        + ", segment="
        + segment
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.GET_TABLE_SEGMENT_INFO;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUtf(out, delegationToken);
  }

  static GetTableSegmentInfo readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    String delegationToken = in.readUtf();
    return new GetTableSegmentInfo(requestId, segment, delegationToken);
  }
}
