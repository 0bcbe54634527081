package io.sluice.sessions.wire;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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

  @Override
  public int drainTo(OutputStream target) throws IOException {
    int n = count - pos;
    target.write(buf, pos, n);
    pos = count;
    return n;
  }
}
