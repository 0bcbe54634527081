package io.sluice.protocol.wire;

/**
 * The one unchecked exception of the wire protocol: a frame, a field or an append sequence that
 * cannot be decoded or encoded. It carries a {@link WireError} kind and a message a person can act
 * on (which command, which field, how many bytes). The Netty handlers never let it escape: they
 * pass it to {@code exceptionCaught}, where the owner of the pipeline answers and closes.
 *
 * <p>Immutable and thread-safe.
 */
public final class WireProtocolException extends RuntimeException {
  private final WireError error;

  /** Creates an exception of the given kind with a descriptive message. */
  public WireProtocolException(WireError error, String message) {
    super(error.description() + ": " + message, null, false, false);
    this.error = error;
  }

  /** The kind of error. */
  public WireError error() {
    return error;
  }
}
