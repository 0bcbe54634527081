package io.sluice.sp;

/**
 * Every error the SP library reports, with whether retrying the same call later may succeed.
 *
 * <p>Immutable and thread-safe.
 */
public enum SpError {
  /** A send or receive did not complete within its timeout (nanomsg ETIMEDOUT). */
  TIMED_OUT(true, "operation timed out"),
  /** A non-blocking call could not proceed now (nanomsg EAGAIN). */
  WOULD_BLOCK(true, "operation would block"),
  /** The call is not valid in the socket's current state, e.g. REP send before recv (EFSM). */
  BAD_STATE(false, "operation cannot be performed in this state"),
  /** The socket or context was closed. */
  CLOSED(false, "socket is closed"),
  /** The protocol does not support the operation, e.g. recv on PUB (ENOTSUP). */
  NOT_SUPPORTED(false, "operation not supported by this protocol"),
  /** The URL is malformed or its transport unknown (EINVAL). */
  INVALID_ADDRESS(false, "invalid address"),
  /** The address to bind is in use (EADDRINUSE). */
  ADDRESS_IN_USE(false, "address in use"),
  /** An option value is out of its range (EINVAL). */
  INVALID_OPTION(false, "invalid option value"),
  /** The calling thread was interrupted while waiting (EINTR). */
  INTERRUPTED(true, "interrupted"),
  /** An I/O error from the operating system. */
  IO(true, "I/O error");

  private final boolean retriable;
  private final String text;

  SpError(boolean retriable, String text) {
    this.retriable = retriable;
    this.text = text;
  }

  /** Whether the same call may succeed if retried later. */
  public boolean retriable() {
    return retriable;
  }

  /** A short human-readable description, like nanomsg's {@code nn_strerror}. */
  public String text() {
    return text;
  }
}
