package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;

/**
 * Reply to {@link FlushToStorage}.
 *
 * <p>Wire layout after the header (type -4): requestId: int64.
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 */
public record StorageFlushed(long requestId) implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.FLUSHED_TO_STORAGE;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
  }

  static StorageFlushed readFrom(FieldReader in) {
    long requestId = in.readLong();
    return new StorageFlushed(requestId);
  }
}
