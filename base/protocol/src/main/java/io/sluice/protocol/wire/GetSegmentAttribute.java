package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.UUID;

/**
 * Reads one attribute (UUID to long) of a segment.
 *
 * <p>Wire layout after the header (type 34): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); attributeId: UUID (2 x int64); delegationToken: UTF (u16 length + modified UTF-8).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param delegationToken the delegation token from the controller, empty when auth is off
 */
public record GetSegmentAttribute(
    long requestId, String segment, UUID attributeId, String delegationToken) implements Request {
  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "GetSegmentAttribute[requestId="
        + requestId
        + ", segment="
        + segment
        + ", attributeId="
        + attributeId
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.GET_SEGMENT_ATTRIBUTE;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUuid(out, attributeId);
    FieldWriter.writeUtf(out, delegationToken);
  }

  static GetSegmentAttribute readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    UUID attributeId = in.readUuid();
    String delegationToken = in.readUtf();
    return new GetSegmentAttribute(requestId, segment, attributeId, delegationToken);
  }
}
