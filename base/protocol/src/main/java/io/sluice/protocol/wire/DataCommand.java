package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * A command carrying bulk bytes in a reference-counted {@link ByteBuf} (append data, read data).
 * Decoded commands hold a retained slice of the received frame, so no bytes are copied; the
 * command's reference count is its buffer's. Release a command exactly once when done with it:
 * Netty does so after encoding it, and {@link io.netty.util.ReferenceCountUtil#release(Object)}
 * works on it.
 *
 * <p>Thread-safety: as {@link ByteBuf}: may move between threads, but one owner at a time.
 */
public sealed interface DataCommand extends WireCommand, ReferenceCounted
    permits AppendBlock,
        AppendBlockEnd,
        ConditionalAppend,
        ConditionalBlockEnd,
        Event,
        PartialEvent,
        SegmentRead {

  /** The bytes this command carries. */
  ByteBuf data();

  @Override
  default int refCnt() {
    return data().refCnt();
  }

  @Override
  default DataCommand retain() {
    data().retain();
    return this;
  }

  @Override
  default DataCommand retain(int increment) {
    data().retain(increment);
    return this;
  }

  @Override
  default DataCommand touch() {
    data().touch();
    return this;
  }

  @Override
  default DataCommand touch(Object hint) {
    data().touch(hint);
    return this;
  }

  @Override
  default boolean release() {
    return data().release();
  }

  @Override
  default boolean release(int decrement) {
    return data().release(decrement);
  }
}
