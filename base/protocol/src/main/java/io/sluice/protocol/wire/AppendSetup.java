package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.UUID;

/**
 * Reply to {@link SetupAppend}.
 *
 * <p>Wire layout after the header (type 2): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); writerId: UUID (2 x int64); lastEventNumber: int64.
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param lastEventNumber the last event number stored for the writer, {@link
 *     WireCommand#NULL_ATTRIBUTE_VALUE} for a new writer
 */
public record AppendSetup(long requestId, String segment, UUID writerId, long lastEventNumber)
    implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.APPEND_SETUP;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUuid(out, writerId);
    out.writeLong(lastEventNumber);
  }

  static AppendSetup readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    UUID writerId = in.readUuid();
    long lastEventNumber = in.readLong();
    return new AppendSetup(requestId, segment, writerId, lastEventNumber);
  }
}
