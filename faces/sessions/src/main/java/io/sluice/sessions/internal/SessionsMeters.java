package io.sluice.sessions.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.sessions.SessionsStats;
import io.sluice.storage.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The sessions face's meters (Prometheus names {@code sluice_sessions_*}): counters of deliveries,
 * redeliveries, dead-lettered sessions, lapsed leases and acknowledged operations, and gauges of
 * live, open and stored sessions and retained log bytes. Every meter reads one {@link
 * SessionsStats} snapshot taken at most once per second (a snapshot is a round trip to the sessions
 * loop), so a scrape costs one round trip at most; after the face closes the last snapshot stays.
 * Thread-safe.
 */
public final class SessionsMeters {
  private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Supplier<SessionsStats> source;
  private final Clock clock;
  private SessionsStats last;
  private long takenAt;

  private SessionsMeters(Supplier<SessionsStats> source, Clock clock) {
    this.source = source;
    this.clock = clock;
  }

  /** Registers the meters on {@code registry}, reading {@code source} for their values. */
  public static void bind(Supplier<SessionsStats> source, Clock clock, MeterRegistry registry) {
    SessionsMeters m = new SessionsMeters(source, clock);
    m.counter(
        registry, "sluice.sessions.deliveries", "sessions handed to handlers", s -> s.deliveries());
    m.counter(
        registry,
        "sluice.sessions.redeliveries",
        "deliveries with an attempt number above 1",
        s -> s.redeliveries());
    m.counter(
        registry,
        "sluice.sessions.dead.lettered",
        "sessions moved to a dead-letter kind",
        s -> s.deadLettered());
    m.counter(
        registry,
        "sluice.sessions.lease.lapses",
        "deliveries taken back (lease lapsed or handler gone)",
        s -> s.leaseLapses());
    m.counter(
        registry,
        "sluice.sessions.operations.acknowledged",
        "session operations acknowledged as durable",
        s -> s.acknowledged());
    m.gauge(
        registry,
        "sluice.sessions.live",
        "sessions open, stored or delivered",
        s -> s.liveSessions());
    m.gauge(
        registry,
        "sluice.sessions.open",
        "sessions being written by their creator",
        s -> s.openSessions());
    m.gauge(
        registry,
        "sluice.sessions.stored",
        "sessions waiting for their due time",
        s -> s.storedSessions());
    m.gauge(
        registry,
        "sluice.sessions.log.bytes",
        "bytes of session log retained",
        s -> s.logEnd() - s.logStart());
  }

  private void counter(
      MeterRegistry registry, String name, String help, ToDoubleFunction<SessionsStats> f) {
    FunctionCounter.builder(name, this, m -> value(f)).description(help).register(registry);
  }

  private void gauge(
      MeterRegistry registry, String name, String help, ToDoubleFunction<SessionsStats> f) {
    Gauge.builder(name, this, m -> value(f)).description(help).register(registry);
  }

  private synchronized double value(ToDoubleFunction<SessionsStats> f) {
    long now = clock.nanoTime();
    if (last == null || now - takenAt > MAX_AGE_NANOS) {
      try {
        last = source.get();
        takenAt = now;
      } catch (RuntimeException e) {
        // the face is closing or closed: keep the last snapshot
      }
    }
    return last == null ? Double.NaN : f.applyAsDouble(last);
  }
}
