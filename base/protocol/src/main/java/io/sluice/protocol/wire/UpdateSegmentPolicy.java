package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Changes a segment's scaling policy (controller to segment store).
 *
 * <p>Wire layout after the header (type 32): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); targetRate: int32; scaleType: byte; delegationToken: UTF (u16 length + modified UTF-8).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param delegationToken the delegation token from the controller, empty when auth is off
 */
public record UpdateSegmentPolicy(
    long requestId, String segment, int targetRate, byte scaleType, String delegationToken)
    implements Request {
  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "UpdateSegmentPolicy[requestId="
        + requestId
        + ", segment="
        + segment
        + ", targetRate="
        + targetRate
        + ", scaleType="
        + scaleType
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.UPDATE_SEGMENT_POLICY;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    out.writeInt(targetRate);
    out.writeByte(scaleType);
    FieldWriter.writeUtf(out, delegationToken);
  }

  static UpdateSegmentPolicy readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    int targetRate = in.readInt();
    byte scaleType = in.readByte();
    String delegationToken = in.readUtf();
    return new UpdateSegmentPolicy(requestId, segment, targetRate, scaleType, delegationToken);
  }
}
