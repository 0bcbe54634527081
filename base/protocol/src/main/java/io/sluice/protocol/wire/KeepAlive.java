package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;

/**
 * Sent by an idle client every few seconds; the server echoes it.
 *
 * <p>Wire layout after the header (type 100): no fields.
 *
 * <p>Immutable and thread-safe.
 */
public record KeepAlive() implements Request, Reply {
  /** KeepAlive has no request id on the wire; Pravega reports -1. */
  @Override
  public long requestId() {
    return -1;
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.KEEP_ALIVE;
  }

  @Override
  public void writeFields(ByteBuf out) {}

  static KeepAlive readFrom(FieldReader in) {
    return new KeepAlive();
  }
}
