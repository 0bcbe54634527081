package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Deletes a table segment, if {@code mustBeEmpty} only when it has no keys.
 *
 * <p>Wire layout after the header (type 71): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); mustBeEmpty: bool (1 byte); delegationToken: UTF (u16 length + modified UTF-8).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param delegationToken the delegation token from the controller, empty when auth is off
 */
public record DeleteTableSegment(
    long requestId, String segment, boolean mustBeEmpty, String delegationToken)
    implements Request {
  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "DeleteTableSegment[requestId="
        + requestId
        + ", segment="
        + segment
        + ", mustBeEmpty="
        + mustBeEmpty
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.DELETE_TABLE_SEGMENT;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeBoolean(out, mustBeEmpty);
    FieldWriter.writeUtf(out, delegationToken);
  }

  static DeleteTableSegment readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    boolean mustBeEmpty = in.readBoolean();
    String delegationToken = in.readUtf();
    return new DeleteTableSegment(requestId, segment, mustBeEmpty, delegationToken);
  }
}
