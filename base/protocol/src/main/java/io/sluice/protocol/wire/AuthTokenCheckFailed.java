package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * The delegation token was refused.
 *
 * <p>Wire layout after the header (type 60): requestId: int64; serverStackTrace: UTF (u16 length +
 * modified UTF-8) (optional); errorCode: int32 (optional).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param serverStackTrace diagnostic text from the server, may be empty
 * @param errorCode {@link #UNSPECIFIED}, {@link #TOKEN_CHECK_FAILED} or {@link #TOKEN_EXPIRED}
 */
public record AuthTokenCheckFailed(long requestId, String serverStackTrace, int errorCode)
    implements Reply {
  /** {@link #errorCode}: no reason given. */
  public static final int UNSPECIFIED = -1;

  /** {@link #errorCode}: the token is invalid. */
  public static final int TOKEN_CHECK_FAILED = 0;

  /** {@link #errorCode}: the token has expired; the client fetches a new one. */
  public static final int TOKEN_EXPIRED = 1;

  @Override
  public WireCommandType type() {
    return WireCommandType.AUTH_TOKEN_CHECK_FAILED;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, serverStackTrace);
    out.writeInt(errorCode);
  }

  static AuthTokenCheckFailed readFrom(FieldReader in) {
    long requestId = in.readLong();
    String serverStackTrace = in.readUtfOr("");
    int errorCode = in.readIntOr(UNSPECIFIED);
    return new AuthTokenCheckFailed(requestId, serverStackTrace, errorCode);
  }
}
