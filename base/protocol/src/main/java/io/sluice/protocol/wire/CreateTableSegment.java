package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Creates a table segment (controller to segment store).
 *
 * <p>Wire layout after the header (type 70): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); delegationToken: UTF (u16 length + modified UTF-8); sortedDeprecated: bool (1 byte)
 * (optional); keyLength: int32 (optional); rolloverSizeBytes: int64 (optional).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param delegationToken the delegation token from the controller, empty when auth is off
 * @param keyLength the fixed key length, 0 if keys vary
 */
public record CreateTableSegment(
    long requestId,
    String segment,
    String delegationToken,
    boolean sortedDeprecated,
    int keyLength,
    long rolloverSizeBytes)
    implements Request {
  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "CreateTableSegment[requestId="
        + requestId
        + ", segment="
        + segment
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + ", sortedDeprecated="
        + sortedDeprecated
        + ", keyLength="
        + keyLength
        + ", rolloverSizeBytes="
        + rolloverSizeBytes
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.CREATE_TABLE_SEGMENT;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUtf(out, delegationToken);
    FieldWriter.writeBoolean(out, sortedDeprecated);
    out.writeInt(keyLength);
    out.writeLong(rolloverSizeBytes);
  }

  static CreateTableSegment readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    String delegationToken = in.readUtf();
    boolean sortedDeprecated = in.readBooleanOr(false);
    int keyLength = in.readIntOr(0);
    long rolloverSizeBytes = in.readLongOr(0L);
    return new CreateTableSegment(
        requestId, segment, delegationToken, sortedDeprecated, keyLength, rolloverSizeBytes);
  }
}
