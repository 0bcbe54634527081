package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;

/**
 * Zero bytes that fill the rest of an {@link AppendBlock} when the Java client closes a block
 * before it is full (its batching timeout fired). It may also arrive as a frame of its own, which
 * means nothing.
 *
 * <p>Wire layout after the header (type -1): {@code length} zero bytes (their content is ignored).
 *
 * <p>Immutable and thread-safe.
 *
 * @param length the number of padding bytes, not negative
 */
public record Padding(int length) implements WireCommand {
  /** Checks the length. */
  public Padding {
    if (length < 0) {
      throw new IllegalArgumentException("negative padding length " + length);
    }
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.PADDING;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeZero(length);
  }

  /** Padding has no request id. */
  @Override
  public long requestId() {
    return -1;
  }

  static Padding readFrom(FieldReader in) {
    int length = in.remaining();
    in.skip(length);
    return new Padding(length);
  }
}
