package io.sluice.sessions.client;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Every way a sessions operation can fail, each with its gRPC status code and whether retrying the
 * same operation later may succeed. The node sends the code's name in the {@link #TRAILER} trailer
 * beside the gRPC status, so clients in any language can tell, say, an unknown kind from an unknown
 * session. Immutable.
 */
public enum SessionsError {
  /** The session id was never issued by this node. */
  UNKNOWN_SESSION(Status.Code.NOT_FOUND, false),
  /** The kind is not defined on this node. */
  UNKNOWN_KIND(Status.Code.NOT_FOUND, false),
  /** The session was deleted (finished); it cannot be changed any more. */
  SESSION_FINISHED(Status.Code.FAILED_PRECONDITION, false),
  /** The session is stored, waiting for redelivery; only the handler it goes to may change it. */
  SESSION_STORED(Status.Code.FAILED_PRECONDITION, false),
  /** The caller's attempt token is stale or missing: the session is leased to someone else. */
  LEASE_LOST(Status.Code.FAILED_PRECONDITION, false),
  /** One record is larger than the node's record limit. */
  RECORD_TOO_LARGE(Status.Code.INVALID_ARGUMENT, false),
  /** The session would grow beyond the node's session size limit. */
  SESSION_TOO_LARGE(Status.Code.RESOURCE_EXHAUSTED, false),
  /** The request is malformed (missing field, empty append, timeout out of range...). */
  BAD_REQUEST(Status.Code.INVALID_ARGUMENT, false),
  /** The node's storage cannot take writes right now (I/O error, full disk, recovering). */
  STORAGE_UNAVAILABLE(Status.Code.UNAVAILABLE, true),
  /** Too many writes are waiting; retry after a short pause. */
  OVERLOADED(Status.Code.UNAVAILABLE, true),
  /** The node could not be reached or failed in a way it did not explain. */
  TRANSPORT(Status.Code.UNAVAILABLE, true);

  /** The trailer carrying the code's name. */
  public static final Metadata.Key<String> TRAILER =
      Metadata.Key.of("sluice-error", Metadata.ASCII_STRING_MARSHALLER);

  private final Status.Code statusCode;
  private final boolean retriable;

  SessionsError(Status.Code statusCode, boolean retriable) {
    this.statusCode = statusCode;
    this.retriable = retriable;
  }

  /** The gRPC status code this error is sent with. */
  public Status.Code statusCode() {
    return statusCode;
  }

  /** Whether retrying the same operation later may succeed. */
  public boolean retriable() {
    return retriable;
  }

  /** The exception a server returns for this error: status, message and the code trailer. */
  public StatusRuntimeException toStatusException(String message) {
    Metadata trailers = new Metadata();
    trailers.put(TRAILER, name());
    return statusCode.toStatus().withDescription(message).asRuntimeException(trailers);
  }

  /**
   * The error a failed call stands for: the trailer's code when the node sent one, otherwise the
   * closest match to the status code ({@link #TRANSPORT} for transport failures).
   */
  public static SessionsError of(Status status, Metadata trailers) {
    return of(status.getCode(), trailers == null ? null : trailers.get(TRAILER));
  }

  /**
   * The error named {@code name} (a code the node sent), otherwise the closest match to the status
   * code ({@link #TRANSPORT} for transport failures).
   */
  public static SessionsError of(Status.Code code, String name) {
    if (name != null) {
      for (SessionsError e : values()) {
        if (e.name().equals(name)) {
          return e;
        }
      }
    }
    return switch (code) {
      case NOT_FOUND -> UNKNOWN_SESSION;
      case INVALID_ARGUMENT -> BAD_REQUEST;
      case RESOURCE_EXHAUSTED -> SESSION_TOO_LARGE;
      case FAILED_PRECONDITION -> SESSION_FINISHED;
      default -> TRANSPORT;
    };
  }
}
