package io.sluice.streams.internal;

import io.sluice.streams.StreamsOptions;
import io.sluice.streams.internal.controller.Controller;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams face's background work on one thread: every maintenance period it aborts transactions
 * whose lease ran out and applies retention. The periods are wall-clock scheduling only; the
 * decisions use the controller's injected clock. Thread-safe.
 */
public final class Maintenance implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

  private final ScheduledExecutorService timer;

  private Maintenance(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  public static Maintenance start(Controller controller, StreamsOptions options) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "streams-maintenance");
              t.setDaemon(true);
              return t;
            });
    long period = options.maintenancePeriod().toMillis();
    long cutInterval = options.retentionCutInterval().toMillis();
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            int expired = controller.txns().expireLeases();
            int truncated = controller.retention().apply(cutInterval);
            if (expired > 0 || truncated > 0) {
              LOG.info(
                  "maintenance: {} transactions aborted by lease, {} streams truncated by"
                      + " retention",
                  expired,
                  truncated);
            }
          } catch (RuntimeException e) {
            LOG.warn("streams maintenance failed; retrying next period", e);
          }
        },
        period,
        period,
        TimeUnit.MILLISECONDS);
    return new Maintenance(timer);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
