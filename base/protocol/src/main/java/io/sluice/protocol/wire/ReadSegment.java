package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Reads from a segment; at the tail the server waits for data before answering.
 *
 * <p>Wire layout after the header (type 9): segment: UTF (u16 length + modified UTF-8); offset:
 * int64; suggestedLength: int32; delegationToken: UTF (u16 length + modified UTF-8); requestId:
 * int64 (optional).
 *
 * <p>Immutable and thread-safe.
 *
 * @param delegationToken the delegation token from the controller, empty when auth is off
 */
public record ReadSegment(
    String segment, long offset, int suggestedLength, String delegationToken, long requestId)
    implements Request {
  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "ReadSegment[segment="
        + segment
        + ", offset="
        + offset
        + ", suggestedLength="
        + suggestedLength
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + ", requestId="
        + requestId
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.READ_SEGMENT;
  }

  @Override
  public void writeFields(ByteBuf out) {
    FieldWriter.writeUtf(out, segment);
    out.writeLong(offset);
    out.writeInt(suggestedLength);
    FieldWriter.writeUtf(out, delegationToken);
    out.writeLong(requestId);
  }

  static ReadSegment readFrom(FieldReader in) {
    String segment = in.readUtf();
    long offset = in.readLong();
    int suggestedLength = in.readInt();
    String delegationToken = in.readUtf();
    long requestId = in.readLongOr(-1L);
    return new ReadSegment(segment, offset, suggestedLength, delegationToken, requestId);
  }
}
