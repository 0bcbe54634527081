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
    String description = status.getDescription();
    String message =
        error
            + " ("
            + status.getCode()
            + ")"
            + (description == null || description.isEmpty() ? "" : ": " + description);
    return new SessionsException(error, message, e);
  }
}
