package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;

/**
 * The version handshake, sent by both sides first on every connection.
 *
 * <p>Wire layout after the header (type -127): highVersion: int32; lowVersion: int32.
 *
 * <p>Immutable and thread-safe.
 *
 * @param highVersion the newest wire version the sender speaks
 * @param lowVersion the oldest wire version the sender accepts
 */
public record Hello(int highVersion, int lowVersion) implements Request, Reply {
  /** Hello has no request id on the wire; Pravega reports 0. */
  @Override
  public long requestId() {
    return 0;
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.HELLO;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeInt(highVersion);
    out.writeInt(lowVersion);
  }

  static Hello readFrom(FieldReader in) {
    int highVersion = in.readInt();
    int lowVersion = in.readInt();
    return new Hello(highVersion, lowVersion);
  }
}
