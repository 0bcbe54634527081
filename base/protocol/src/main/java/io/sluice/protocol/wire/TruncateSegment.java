package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Drops the data of a segment before an offset.
 *
 * <p>Wire layout after the header (type 38): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); truncationOffset: int64; delegationToken: UTF (u16 length + modified UTF-8).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param delegationToken the delegation token from the controller, empty when auth is off
 */
public record TruncateSegment(
    long requestId, String segment, long truncationOffset, String delegationToken)
    implements Request {
  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "TruncateSegment[requestId="
        + requestId
        + ", segment="
        + segment
        + ", truncationOffset="
        + truncationOffset
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.TRUNCATE_SEGMENT;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    out.writeLong(truncationOffset);
    FieldWriter.writeUtf(out, delegationToken);
  }

  static TruncateSegment readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    long truncationOffset = in.readLong();
    String delegationToken = in.readUtf();
    return new TruncateSegment(requestId, segment, truncationOffset, delegationToken);
  }
}
