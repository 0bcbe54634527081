package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Reply to {@link RemoveTableKeys}.
 *
 * <p>Wire layout after the header (type 77): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 */
public record TableKeysRemoved(long requestId, String segment) implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.TABLE_KEYS_REMOVED;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
  }

  static TableKeysRemoved readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    return new TableKeysRemoved(requestId, segment);
  }
}
