package io.sluice.sp.internal;

/**
 * A bounded, self-tuning busy wait before a thread parks. On an idle machine, waking a parked
 * thread costs tens of microseconds (an idle virtual CPU has to be woken), so a waiter that spins
 * briefly catches work that arrives soon without that cost. On a busy machine a spinning thread
 * holds a core that the thread with the next piece of work needs, so spinning stops paying: each
 * site keeps a score of how often its spins found work in time, stops spinning when they keep
 * missing, and tries again now and then.
 *
 * <p>The window is {@code -Dsluice.sp.spinMicros} (default {@value #DEFAULT_MICROS}; 0 turns
 * spinning off). Not synchronized on purpose: an instance belongs to one waiting site, and a lost
 * update of its score by a racing waiter only shifts a hint.
 */
final class Spin {
  static final long DEFAULT_MICROS = 50;
  private static final long WINDOW_NANOS =
      Math.max(0, Long.getLong("sluice.sp.spinMicros", DEFAULT_MICROS)) * 1000;
  private static final int MAX_SCORE = 16;
  private static final int MISS_PENALTY = 4;
  private static final int PROBE_EVERY = 32;

  private int score = MAX_SCORE / 2;
  private int sinceProbe;

  /** Whether the next wait should spin first. */
  boolean shouldSpin() {
    if (WINDOW_NANOS == 0) {
      return false;
    }
    if (score > 0) {
      return true;
    }
    if (++sinceProbe >= PROBE_EVERY) {
      sinceProbe = 0;
      return true;
    }
    return false;
  }

  /** How long one spin may last, in nanoseconds. */
  long windowNanos() {
    return WINDOW_NANOS;
  }

  /** Records whether a spin found work before its window ran out. */
  void record(boolean hit) {
    score = hit ? Math.min(MAX_SCORE, score + 1) : Math.max(0, score - MISS_PENALTY);
  }
}
