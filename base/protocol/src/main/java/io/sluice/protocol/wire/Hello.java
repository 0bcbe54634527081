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
  /** The Hello this codec sends: its own version range. */
  public static Hello ofThisVersion() {
    return new Hello(WireCommand.WIRE_VERSION, WireCommand.OLDEST_COMPATIBLE_VERSION);
  }

  /**
   * Whether the peer that sent this Hello can talk to this codec: its version range overlaps ours
   * (the check Pravega's server makes before it closes an incompatible connection).
   */
  public boolean isCompatible() {
    return lowVersion <= WireCommand.WIRE_VERSION
        && highVersion >= WireCommand.OLDEST_COMPATIBLE_VERSION;
  }

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
