package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.UUID;

/**
 * Compare-and-set of one segment attribute.
 *
 * <p>Wire layout after the header (type 36): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); attributeId: UUID (2 x int64); newValue: int64; expectedValue: int64; delegationToken:
 * UTF (u16 length + modified UTF-8).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param expectedValue the value it must have now, {@link WireCommand#NULL_ATTRIBUTE_VALUE} for
 *     unset
 * @param delegationToken the delegation token from the controller, empty when auth is off
 */
public record UpdateSegmentAttribute(
    long requestId,
    String segment,
    UUID attributeId,
    long newValue,
    long expectedValue,
    String delegationToken)
    implements Request {
  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "UpdateSegmentAttribute[requestId="
        + requestId
        + ", segment="
        + segment
        + ", attributeId="
        + attributeId
        + ", newValue="
        + newValue
        + ", expectedValue="
        + expectedValue
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.UPDATE_SEGMENT_ATTRIBUTE;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUuid(out, attributeId);
    out.writeLong(newValue);
    out.writeLong(expectedValue);
    FieldWriter.writeUtf(out, delegationToken);
  }

  static UpdateSegmentAttribute readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    UUID attributeId = in.readUuid();
    long newValue = in.readLong();
    long expectedValue = in.readLong();
    String delegationToken = in.readUtf();
    return new UpdateSegmentAttribute(
        requestId, segment, attributeId, newValue, expectedValue, delegationToken);
  }
}
