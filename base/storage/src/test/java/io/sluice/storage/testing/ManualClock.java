package io.sluice.storage.testing;

import io.sluice.storage.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} that moves only when a test says so. Both readings advance together. Thread-safe.
 */
public final class ManualClock implements Clock {
  private final AtomicLong millis;
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  /** Starts at {@code epochMillis} wall-clock time. */
  public ManualClock(long epochMillis) {
    this.millis = new AtomicLong(epochMillis);
  }

  /** Starts at 2026-01-01T00:00:00Z. */
  public ManualClock() {
    this(1_767_225_600_000L);
  }

  @Override
  public long currentTimeMillis() {
    return millis.get();
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  /** Moves both readings forward. */
  public void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
    millis.addAndGet(d.toMillis());
  }

  @Override
  public String toString() {
    return "ManualClock[" + millis.get() + "]";
  }
}
