package io.sluice.kv.internal.etcd;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;

/**
 * The KV face's one exception: an {@link EtcdError}, or a storage failure with a message of its
 * own. Converts to the gRPC status a client sees. Immutable.
 */
public final class EtcdException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient EtcdError error;
  private final transient Status status;

  EtcdException(EtcdError error, String message) {
    super(message, null, false, false);
    this.error = error;
    this.status = error.status();
  }

  private EtcdException(Status status, Throwable cause) {
    super(status.getDescription(), cause);
    this.error = null;
    this.status = status;
  }

  /** The etcd error, or null for a storage failure. */
  public EtcdError error() {
    return error;
  }

  public StatusRuntimeException toStatus() {
    return status.asRuntimeException();
  }

  /** Maps any failure (possibly wrapped) to what a client should see. */
  public static StatusRuntimeException toStatus(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof EtcdException e) {
        return e.toStatus();
      }
      if (c instanceof StatusRuntimeException s) {
        return s;
      }
    }
    StorageException se = StorageException.unwrap(t);
    if (se != null) {
      return fromStorage(se).toStatus();
    }
    return Status.INTERNAL.withDescription("sluice: " + t).withCause(t).asRuntimeException();
  }

  public static EtcdException fromStorage(StorageException se) {
    Status s =
        switch (se.error()) {
          case STORAGE_UNAVAILABLE, BACKPRESSURE ->
              Status.UNAVAILABLE.withDescription("sluice: storage unavailable: " + se.getMessage());
          case CLOSED -> EtcdError.STOPPED.status();
          default ->
              Status.INTERNAL.withDescription(
                  "sluice: storage failure " + se.error() + ": " + se.getMessage());
        };
    return new EtcdException(s, se);
  }

  static boolean isStorage(Throwable t, StorageError e) {
    return StorageException.is(t, e);
  }
}
