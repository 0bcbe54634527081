package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Data read from a segment.
 *
 * <p>Wire layout after the header (type 10): segment: UTF (u16 length + modified UTF-8); offset:
 * int64; atTail: bool (1 byte); endOfSegment: bool (1 byte); data: int32 length + bytes; requestId:
 * int64 (optional).
 *
 * <p>Holds a reference-counted buffer: whoever holds the command releases it once (a Netty pipeline
 * does so after encoding, and after {@code channelRead} via {@link
 * io.netty.util.ReferenceCountUtil}). Otherwise immutable; safe to pass between threads, not to
 * release twice.
 *
 * @param atTail whether the read reached the current end of the segment
 * @param endOfSegment whether the segment is sealed and fully read
 */
public record SegmentRead(
    String segment, long offset, boolean atTail, boolean endOfSegment, ByteBuf data, long requestId)
    implements Reply, DataCommand {
  @Override
  public WireCommandType type() {
    return WireCommandType.SEGMENT_READ;
  }

  @Override
  public void writeFields(ByteBuf out) {
    FieldWriter.writeUtf(out, segment);
    out.writeLong(offset);
    FieldWriter.writeBoolean(out, atTail);
    FieldWriter.writeBoolean(out, endOfSegment);
    FieldWriter.writeBytes(out, data);
    out.writeLong(requestId);
  }

  static SegmentRead readFrom(FieldReader in) {
    String segment = in.readUtf();
    long offset = in.readLong();
    boolean atTail = in.readBoolean();
    boolean endOfSegment = in.readBoolean();
    ByteBuf data = in.readSlicedBytes();
    long requestId = in.readLongOr(-1L);
    return new SegmentRead(segment, offset, atTail, endOfSegment, data.retain(), requestId);
  }
}
