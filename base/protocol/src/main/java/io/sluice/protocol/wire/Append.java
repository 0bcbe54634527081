package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.UUID;

/**
 * One append as a segment store executes it, reassembled by {@link AppendAssembler} from the
 * commands that carried it ({@link AppendBlock} + {@link AppendBlockEnd}, an inline {@link
 * AppendBlockEnd}, {@link ConditionalAppend} or {@link ConditionalBlockEnd}). It is not a wire
 * command.
 *
 * <p>The data is what the segment receives: for event writers a sequence of framed events (see
 * {@link EventFrames}), for byte-stream writers raw bytes. The server records {@code eventNumber}
 * as the writer's attribute (dedup) and acknowledges with {@link DataAppended}.
 *
 * <p>Reference-counted like its data buffer: release it once when the data has been stored.
 * Otherwise immutable; one owner at a time.
 *
 * @param segment the segment, from the writer's {@link SetupAppend}
 * @param writerId the writer
 * @param eventNumber the event number of the last event in the append
 * @param eventCount the number of events in the append, at least 1
 * @param data the bytes to append
 * @param expectedOffset the length the segment must have, or {@link #NO_CONDITION}
 * @param requestId the request id to echo in the acknowledgement
 */
public record Append(
    String segment,
    UUID writerId,
    long eventNumber,
    int eventCount,
    ByteBuf data,
    long expectedOffset,
    long requestId)
    implements ReferenceCounted {
  /** {@link #expectedOffset} of an unconditional append. */
  public static final long NO_CONDITION = Long.MIN_VALUE;

  /** Whether the append must fail unless the segment has {@link #expectedOffset} bytes. */
  public boolean isConditional() {
    return expectedOffset != NO_CONDITION;
  }

  @Override
  public int refCnt() {
    return data.refCnt();
  }

  @Override
  public Append retain() {
    data.retain();
    return this;
  }

  @Override
  public Append retain(int increment) {
    data.retain(increment);
    return this;
  }

  @Override
  public Append touch() {
    data.touch();
    return this;
  }

  @Override
  public Append touch(Object hint) {
    data.touch(hint);
    return this;
  }

  @Override
  public boolean release() {
    return data.release();
  }

  @Override
  public boolean release(int decrement) {
    return data.release(decrement);
  }
}
