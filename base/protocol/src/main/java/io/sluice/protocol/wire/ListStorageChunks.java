package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Admin request: list the storage chunks of a segment.
 *
 * <p>Wire layout after the header (type -5): segment: UTF (u16 length + modified UTF-8);
 * delegationToken: UTF (u16 length + modified UTF-8); requestId: int64.
 *
 * <p>Immutable and thread-safe.
 *
 * @param delegationToken the delegation token from the controller, empty when auth is off
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 */
public record ListStorageChunks(String segment, String delegationToken, long requestId)
    implements Request {
  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "ListStorageChunks[segment="
        + segment
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + ", requestId="
        + requestId
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.LIST_STORAGE_CHUNKS;
  }

  @Override
  public void writeFields(ByteBuf out) {
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUtf(out, delegationToken);
    out.writeLong(requestId);
  }

  static ListStorageChunks readFrom(FieldReader in) {
    String segment = in.readUtf();
    String delegationToken = in.readUtf();
    long requestId = in.readLong();
    return new ListStorageChunks(segment, delegationToken, requestId);
  }
}
