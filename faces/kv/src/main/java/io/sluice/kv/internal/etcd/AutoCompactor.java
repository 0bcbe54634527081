package io.sluice.kv.internal.etcd;

import io.sluice.kv.AutoCompactionMode;
import java.time.Duration;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's auto-compaction. PERIODIC keeps {@code retention} of history: it samples the revision on
 * every tick and compacts at the newest sample at least {@code retention} old. REVISION keeps the
 * last {@code retention} revisions: on every tick it compacts at current minus retention. Ticks
 * come from a timer (every retention/10 for PERIODIC, at most an hour; every 5 minutes for
 * REVISION, as etcd does); times come from the injected clock. Not thread-safe: one timer thread
 * calls {@link #tick()}, which waits until the compacted records are removed.
 */
public final class AutoCompactor {
  private static final Logger LOG = LoggerFactory.getLogger(AutoCompactor.class);

  private record Sample(long atMillis, long rev) {}

  private final KvEngine engine;
  private final AutoCompactionMode mode;
  private final long retention;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();

  /**
   * @param retention for PERIODIC a duration in milliseconds, for REVISION a number of revisions
   */
  public AutoCompactor(KvEngine engine, AutoCompactionMode mode, long retention) {
    this.engine = engine;
    this.mode = mode;
    this.retention = retention;
  }

  /** How often {@link #tick()} should run. */
  public Duration tickInterval() {
    return switch (mode) {
      case PERIODIC -> {
        long ms = Math.max(1000, retention / 10);
        yield Duration.ofMillis(Math.min(ms, Duration.ofHours(1).toMillis()));
      }
      case REVISION -> Duration.ofMinutes(5);
      case NONE -> Duration.ofDays(365);
    };
  }

  /** Compacts if the policy says so; returns the revision compacted at, or -1. */
  public long tick() {
    long current = engine.durableRev();
    long target =
        switch (mode) {
          case PERIODIC -> {
            long now = engine.clock().currentTimeMillis();
            samples.addLast(new Sample(now, current));
            long t = -1;
            while (!samples.isEmpty() && now - samples.peekFirst().atMillis() >= retention) {
              t = samples.pollFirst().rev();
            }
            yield t;
          }
          case REVISION -> current - retention;
          case NONE -> -1;
        };
    if (target <= 0 || target <= engine.compactRev()) {
      return -1;
    }
    try {
      engine.compact(target, true).join();
      LOG.info("auto-compaction ({}) compacted at revision {}", mode, target);
      return target;
    } catch (RuntimeException e) {
      LOG.warn("auto-compaction at {} failed", target, e);
      return -1;
    }
  }
}
