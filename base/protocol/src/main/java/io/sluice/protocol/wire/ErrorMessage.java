package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * A generic error about a request.
 *
 * <p>Wire layout after the header (type 61): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); message: UTF (u16 length + modified UTF-8); errorCode: int32.
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param errorCode {@link #UNSPECIFIED} or {@link #ILLEGAL_ARGUMENT}
 */
public record ErrorMessage(long requestId, String segment, String message, int errorCode)
    implements Reply {
  /** {@link #errorCode}: any error; the client raises a RuntimeException. */
  public static final int UNSPECIFIED = -1;

  /** {@link #errorCode}: the client raises an IllegalArgumentException. */
  public static final int ILLEGAL_ARGUMENT = 0;

  @Override
  public WireCommandType type() {
    return WireCommandType.ERROR_MESSAGE;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUtf(out, message);
    out.writeInt(errorCode);
  }

  static ErrorMessage readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    String message = in.readUtf();
    int errorCode = in.readInt();
    return new ErrorMessage(requestId, segment, message, errorCode);
  }
}
