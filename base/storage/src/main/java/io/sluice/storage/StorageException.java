package io.sluice.storage;

/**
 * The one exception of the storage engine: a {@link StorageError} code plus a message a person can
 * act on. Futures returned by the engine complete exceptionally with this type (possibly wrapped in
 * a {@link java.util.concurrent.CompletionException}; use {@link #unwrap(Throwable)}).
 *
 * <p>Some codes carry one number of context: for {@link StorageError#BAD_OFFSET} the segment's
 * actual length, for {@link StorageError#POSITION_COMPACTED} the earliest position still held, for
 * {@link StorageError#BAD_KEY_VERSION} the index of the first entry whose version did not match;
 * {@link #NO_CONTEXT} otherwise. Immutable.
 */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Value of {@link #context()} when the error carries none. */
  public static final long NO_CONTEXT = Long.MIN_VALUE;

  private final StorageError error;
  private final long context;

  public StorageException(StorageError error, String message) {
    this(error, message, NO_CONTEXT, null);
  }

  public StorageException(StorageError error, String message, Throwable cause) {
    this(error, message, NO_CONTEXT, cause);
  }

  public StorageException(StorageError error, String message, long context, Throwable cause) {
    super(message, cause);
    this.error = error;
    this.context = context;
  }

  public StorageError error() {
    return error;
  }

  /** The error's number of context (see the class comment), or {@link #NO_CONTEXT}. */
  public long context() {
    return context;
  }

  /**
   * Digs the storage exception out of a future's failure ({@link
   * java.util.concurrent.CompletionException} or {@link java.util.concurrent.ExecutionException}
   * wrappers), or returns null when the failure is of another kind.
   */
  public static StorageException unwrap(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StorageException se) {
        return se;
      }
    }
    return null;
  }

  /** True when {@code t} is (or wraps) a storage exception with code {@code error}. */
  public static boolean is(Throwable t, StorageError error) {
    StorageException se = unwrap(t);
    return se != null && se.error == error;
  }
}
