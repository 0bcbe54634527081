package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.UUID;

/**
 * Opens appends by one writer to one segment on this connection. The reply carries the last event
 * number the server stored for the writer, the basis of exactly-once retransmission.
 *
 * <p>Wire layout after the header (type 1): requestId: int64; writerId: UUID (2 x int64); segment:
 * UTF (u16 length + modified UTF-8); delegationToken: UTF (u16 length + modified UTF-8).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param writerId a random id per segment writer
 * @param delegationToken the delegation token from the controller, empty when auth is off
 */
public record SetupAppend(long requestId, UUID writerId, String segment, String delegationToken)
    implements Request {
  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "SetupAppend[requestId="
        + requestId
        + ", writerId="
        + writerId
        + ", segment="
        + segment
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.SETUP_APPEND;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUuid(out, writerId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUtf(out, delegationToken);
  }

  static SetupAppend readFrom(FieldReader in) {
    long requestId = in.readLong();
    UUID writerId = in.readUuid();
    String segment = in.readUtf();
    String delegationToken = in.readUtf();
    return new SetupAppend(requestId, writerId, segment, delegationToken);
  }
}
