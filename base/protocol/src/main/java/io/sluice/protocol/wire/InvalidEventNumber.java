package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.UUID;

/**
 * An append's event number contradicts what the server stored for the writer; the server closes the
 * connection after it.
 *
 * <p>Wire layout after the header (type 55): writerId: UUID (2 x int64); requestId: int64;
 * serverStackTrace: UTF (u16 length + modified UTF-8) (optional); eventNumber: int64 (optional).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param serverStackTrace diagnostic text from the server, may be empty
 */
public record InvalidEventNumber(
    UUID writerId, long requestId, String serverStackTrace, long eventNumber) implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.INVALID_EVENT_NUMBER;
  }

  @Override
  public void writeFields(ByteBuf out) {
    FieldWriter.writeUuid(out, writerId);
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, serverStackTrace);
    out.writeLong(eventNumber);
  }

  static InvalidEventNumber readFrom(FieldReader in) {
    UUID writerId = in.readUuid();
    long requestId = in.readLong();
    String serverStackTrace = in.readUtfOr("");
    long eventNumber = in.readLongOr(-1L);
    return new InvalidEventNumber(writerId, requestId, serverStackTrace, eventNumber);
  }
}
