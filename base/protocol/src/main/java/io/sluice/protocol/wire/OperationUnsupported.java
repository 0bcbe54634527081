package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * The server does not support the request.
 *
 * <p>Wire layout after the header (type 57): requestId: int64; operationName: UTF (u16 length +
 * modified UTF-8); serverStackTrace: UTF (u16 length + modified UTF-8) (optional).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param serverStackTrace diagnostic text from the server, may be empty
 */
public record OperationUnsupported(long requestId, String operationName, String serverStackTrace)
    implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.OPERATION_UNSUPPORTED;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, operationName);
    FieldWriter.writeUtf(out, serverStackTrace);
  }

  static OperationUnsupported readFrom(FieldReader in) {
    long requestId = in.readLong();
    String operationName = in.readUtf();
    String serverStackTrace = in.readUtfOr("");
    return new OperationUnsupported(requestId, operationName, serverStackTrace);
  }
}
