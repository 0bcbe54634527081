package io.sluice.sessions.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The one exception of the sessions client: a {@link SessionsError} plus the node's message.
 * Immutable.
 */
public class SessionsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final SessionsError error;

  public SessionsException(SessionsError error, String message, Throwable cause) {
    super(message, cause);
    this.error = error;
  }

  public SessionsError error() {
    return error;
  }

  /** Whether retrying the same operation later may succeed. */
  public boolean retriable() {
    return error.retriable();
  }

  /** Converts a failed gRPC call into the client's exception. */
  public static SessionsException from(StatusRuntimeException e) {
    Status status = e.getStatus();
    SessionsError error = SessionsError.of(status, e.getTrailers());
    return of(error, status.getCode(), status.getDescription(), e);
  }

  /**
   * The exception for {@code error} sent with status {@code code} and the node's {@code
   * description}; the message reads {@code ERROR (CODE): description}, the same for a failed unary
   * call and a failed operation of an {@code Operate} stream.
   */
  static SessionsException of(
      SessionsError error, Status.Code code, String description, Throwable cause) {
    String message =
        error
            + " ("
            + code
            + ")"
            + (description == null || description.isEmpty() ? "" : ": " + description);
    return new SessionsException(error, message, cause);
  }
}
