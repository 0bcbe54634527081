package io.sluice.streams.testing;

import io.sluice.storage.Clock;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to. Thread-safe. */
public final class ManualClock implements Clock {
  private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

  @Override
  public long currentTimeMillis() {
    return millis.get();
  }

  @Override
  public long nanoTime() {
    return millis.get() * 1_000_000L;
  }

  public void advance(long ms) {
    millis.addAndGet(ms);
  }
}
