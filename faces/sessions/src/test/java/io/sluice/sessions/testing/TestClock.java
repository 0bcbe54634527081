package io.sluice.sessions.testing;

import io.sluice.storage.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test says so (wall and monotonic time together). Thread-safe. */
public final class TestClock implements Clock {
  private final AtomicLong millis;
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  public TestClock(long startMillis) {
    this.millis = new AtomicLong(startMillis);
  }

  public void advance(Duration d) {
    millis.addAndGet(d.toMillis());
    nanos.addAndGet(d.toNanos());
  }

  @Override
  public long currentTimeMillis() {
    return millis.get();
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }
}
