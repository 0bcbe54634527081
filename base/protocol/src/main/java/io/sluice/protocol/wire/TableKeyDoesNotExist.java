package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * A conditional table update named a key that does not exist.
 *
 * <p>Wire layout after the header (type 81): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); serverStackTrace: UTF (u16 length + modified UTF-8) (optional).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param serverStackTrace diagnostic text from the server, may be empty
 */
public record TableKeyDoesNotExist(long requestId, String segment, String serverStackTrace)
    implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.TABLE_KEY_DOES_NOT_EXIST;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUtf(out, serverStackTrace);
  }

  static TableKeyDoesNotExist readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    String serverStackTrace = in.readUtfOr("");
    return new TableKeyDoesNotExist(requestId, segment, serverStackTrace);
  }
}
