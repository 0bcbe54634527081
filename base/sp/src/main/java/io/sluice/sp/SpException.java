package io.sluice.sp;

/**
 * The one unchecked exception of the SP library; {@link #error()} says which {@link SpError} it is.
 *
 * <p>Immutable and thread-safe.
 */
public final class SpException extends RuntimeException {
  private final SpError error;

  /** An exception for {@code error} with a message a person can act on. */
  public SpException(SpError error, String message) {
    super(message);
    this.error = error;
  }

  /** An exception for {@code error} caused by {@code cause}. */
  public SpException(SpError error, String message, Throwable cause) {
    super(message, cause);
    this.error = error;
  }

  /** The error code. */
  public SpError error() {
    return error;
  }
}
