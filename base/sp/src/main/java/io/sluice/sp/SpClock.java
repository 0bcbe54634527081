package io.sluice.sp;

/**
 * The monotonic time source of a {@link SpContext}: every deadline (timeouts, resends, survey
 * deadlines, reconnect back-off, linger) is computed from it, never from the system clock directly,
 * so tests can inject their own.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface SpClock {
  /** The system monotonic clock. */
  SpClock SYSTEM = System::nanoTime;

  /** Monotonic nanoseconds (arbitrary origin). */
  long nanoTime();
}
