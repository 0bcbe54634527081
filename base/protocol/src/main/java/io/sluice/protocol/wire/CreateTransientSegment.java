package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.UUID;

/**
 * Creates a transient segment for a large event; the server names it and replies {@link
 * SegmentCreated}.
 *
 * <p>Wire layout after the header (type 40): requestId: int64; writerId: UUID (2 x int64);
 * parentSegment: UTF (u16 length + modified UTF-8); delegationToken: UTF (u16 length + modified
 * UTF-8).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param delegationToken the delegation token from the controller, empty when auth is off
 */
public record CreateTransientSegment(
    long requestId, UUID writerId, String parentSegment, String delegationToken)
    implements Request {
  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "CreateTransientSegment[requestId="
        + requestId
        + ", writerId="
        + writerId
        + ", parentSegment="
        + parentSegment
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.CREATE_TRANSIENT_SEGMENT;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUuid(out, writerId);
    FieldWriter.writeUtf(out, parentSegment);
    FieldWriter.writeUtf(out, delegationToken);
  }

  static CreateTransientSegment readFrom(FieldReader in) {
    long requestId = in.readLong();
    UUID writerId = in.readUuid();
    String parentSegment = in.readUtf();
    String delegationToken = in.readUtf();
    return new CreateTransientSegment(requestId, writerId, parentSegment, delegationToken);
  }
}
