package io.sluice.storage;

/**
 * Time as the engine and every front-end see it. Logic never reads the system clock directly: it is
 * handed a {@code Clock}, and tests hand it a manual one ({@code ManualClock} in this module's test
 * jar). Implementations are thread-safe.
 */
public interface Clock {
  /**
   * Wall-clock time in milliseconds since the epoch (for timestamps that must survive a restart).
   */
  long currentTimeMillis();

  /** Monotonic time in nanoseconds (for durations and timeouts within one process). */
  long nanoTime();

  /** The system clock. */
  Clock SYSTEM =
      new Clock() {
        @Override
        public long currentTimeMillis() {
          return System.currentTimeMillis();
        }

        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public String toString() {
          return "SystemClock";
        }
      };
}
