package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * The segment is served by another host.
 *
 * <p>Wire layout after the header (type 50): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); correctHost: UTF (u16 length + modified UTF-8); serverStackTrace: UTF (u16 length +
 * modified UTF-8) (optional).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param serverStackTrace diagnostic text from the server, may be empty
 */
public record WrongHost(long requestId, String segment, String correctHost, String serverStackTrace)
    implements Reply {
  @Override
  public WireCommandType type() {
    return WireCommandType.WRONG_HOST;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUtf(out, correctHost);
    FieldWriter.writeUtf(out, serverStackTrace);
  }

  static WrongHost readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    String correctHost = in.readUtf();
    String serverStackTrace = in.readUtfOr("");
    return new WrongHost(requestId, segment, correctHost, serverStackTrace);
  }
}
