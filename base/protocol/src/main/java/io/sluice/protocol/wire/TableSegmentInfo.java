package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Reply to {@link GetTableSegmentInfo}.
 *
 * <p>Wire layout after the header (type 69): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); startOffset: int64; length: int64; entryCount: int64; keyLength: int32.
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param keyLength the fixed key length, 0 if keys vary
 */
public record TableSegmentInfo(
    long requestId, String segment, long startOffset, long length, long entryCount, int keyLength)
    implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.TABLE_SEGMENT_INFO;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    out.writeLong(startOffset);
    out.writeLong(length);
    out.writeLong(entryCount);
    out.writeInt(keyLength);
  }

  static TableSegmentInfo readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    long startOffset = in.readLong();
    long length = in.readLong();
    long entryCount = in.readLong();
    int keyLength = in.readInt();
    return new TableSegmentInfo(requestId, segment, startOffset, length, entryCount, keyLength);
  }
}
