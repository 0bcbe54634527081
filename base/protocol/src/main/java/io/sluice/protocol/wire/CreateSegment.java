package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Creates a segment (controller to segment store).
 *
 * <p>Wire layout after the header (type 20): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); targetRate: int32; scaleType: byte; delegationToken: UTF (u16 length + modified UTF-8);
 * rolloverSizeBytes: int64 (optional).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param scaleType 0 no scaling, 1 by kB/s, 2 by events/s
 * @param delegationToken the delegation token from the controller, empty when auth is off
 */
public record CreateSegment(
    long requestId,
    String segment,
    int targetRate,
    byte scaleType,
    String delegationToken,
    long rolloverSizeBytes)
    implements Request {
  /** {@link #scaleType} for a segment that does not scale. */
  public static final byte NO_SCALE = 0;

  /** {@link #scaleType} for scaling by kilobytes per second. */
  public static final byte IN_KBYTES_PER_SEC = 1;

  /** {@link #scaleType} for scaling by events per second. */
  public static final byte IN_EVENTS_PER_SEC = 2;

  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "CreateSegment[requestId="
        + requestId
        + ", segment="
        + segment
        + ", targetRate="
        + targetRate
        + ", scaleType="
        + scaleType
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + ", rolloverSizeBytes="
        + rolloverSizeBytes
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.CREATE_SEGMENT;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    out.writeInt(targetRate);
    out.writeByte(scaleType);
    FieldWriter.writeUtf(out, delegationToken);
    out.writeLong(rolloverSizeBytes);
  }

  static CreateSegment readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    int targetRate = in.readInt();
    byte scaleType = in.readByte();
    String delegationToken = in.readUtf();
    long rolloverSizeBytes = in.readLongOr(0L);
    return new CreateSegment(
        requestId, segment, targetRate, scaleType, delegationToken, rolloverSizeBytes);
  }
}
