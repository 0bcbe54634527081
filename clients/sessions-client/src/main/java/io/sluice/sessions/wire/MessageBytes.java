package io.sluice.sessions.wire;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An encoded gRPC message handed to the transport as its bytes: a stream with a known length that
 * gRPC drains into its frame without an extra copy. Used by the hand-written {@code Operate}
 * marshallers of the client and of the node. Not thread-safe: one per message.
 */
public final class MessageBytes extends ByteArrayInputStream implements KnownLength, Drainable {
  /** The first {@code length} bytes of {@code buf}; the array is not copied. */
  public MessageBytes(byte[] buf, int length) {
    super(buf, 0, length);
  }

  /**
   * The bytes of a received message: read in one exact-size array when the stream knows its length
   * (gRPC's own streams do, and gRPC has already checked it against the inbound size limit), not
   * through {@link InputStream#readAllBytes}, which grows a 16 KiB buffer and copies it once more.
   */
  public static byte[] read(InputStream stream) throws IOException {
    if (stream instanceof KnownLength) {
      byte[] b = new byte[stream.available()];
      int n = stream.readNBytes(b, 0, b.length);
      if (n == b.length && stream.read() < 0) {
        return b;
      }
      throw new IOException("a message of " + b.length + " bytes had " + n + " or more");
    }
    return stream.readAllBytes();
  }

  @Override
  public int drainTo(OutputStream target) throws IOException {
    int n = count - pos;
    target.write(buf, pos, n);
    pos = count;
    return n;
  }
}
