package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Admin request: flush one container to long-term storage.
 *
 * <p>Wire layout after the header (type -3): containerId: int32; delegationToken: UTF (u16 length +
 * modified UTF-8); requestId: int64.
 *
 * <p>Immutable and thread-safe.
 *
 * @param delegationToken the delegation token from the controller, empty when auth is off
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 */
public record FlushToStorage(int containerId, String delegationToken, long requestId)
    implements Request {
  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "FlushToStorage[containerId="
        + containerId
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + ", requestId="
        + requestId
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.FLUSH_TO_STORAGE;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeInt(containerId);
    FieldWriter.writeUtf(out, delegationToken);
    out.writeLong(requestId);
  }

  static FlushToStorage readFrom(FieldReader in) {
    int containerId = in.readInt();
    String delegationToken = in.readUtf();
    long requestId = in.readLong();
    return new FlushToStorage(containerId, delegationToken, requestId);
  }
}
