package io.sluice.sp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.sp.SpClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Timers of the I/O loop: cancelled ones never run and do not pile up behind a long-lived one (a
 * REQ resend timer cancelled by each reply would otherwise keep its request for the whole resend
 * interval).
 */
class ReactorTimersTest {
  private final Reactor reactor = new Reactor(SpClock.SYSTEM, 1);

  @AfterEach
  void stop() {
    reactor.stop();
  }

  private <T> T onLoop(Supplier<T> task) {
    CompletableFuture<T> f = new CompletableFuture<>();
    reactor.execute(() -> f.complete(task.get()));
    return f.orTimeout(5, TimeUnit.SECONDS).join();
  }

  @Test
  void cancelledTimersBehindALongOneArePurged() {
    long hour = TimeUnit.HOURS.toNanos(1);
    AtomicInteger ran = new AtomicInteger();
    onLoop(() -> reactor.schedule(hour, ran::incrementAndGet));
    int total = 100_000;
    onLoop(
        () -> {
          for (int i = 0; i < total; i++) {
            reactor.schedule(hour + i, ran::incrementAndGet).cancel();
          }
          return null;
        });
    int left = onLoop(reactor::timerCount);
    assertThat(left).isLessThanOrEqualTo(2 * Reactor.PURGE_MIN + 2);
    assertThat(ran).hasValue(0);
  }

  @Test
  void aCancelledTimerNeverRunsAndADueOneDoes() {
    AtomicBoolean cancelledRan = new AtomicBoolean();
    AtomicBoolean dueRan = new AtomicBoolean();
    onLoop(
        () -> {
          reactor.schedule(TimeUnit.MILLISECONDS.toNanos(1), () -> cancelledRan.set(true)).cancel();
          return reactor.schedule(TimeUnit.MILLISECONDS.toNanos(2), () -> dueRan.set(true));
        });
    await().atMost(Duration.ofSeconds(5)).untilTrue(dueRan);
    assertThat(cancelledRan).isFalse();
    assertThat(onLoop(reactor::timerCount)).isZero();
  }

  @Test
  void cancellingATimerThatRanChangesNothing() {
    AtomicInteger ran = new AtomicInteger();
    Timer t = onLoop(() -> reactor.schedule(0, ran::incrementAndGet));
    await().atMost(Duration.ofSeconds(5)).until(() -> ran.get() == 1);
    onLoop(
        () -> {
          t.cancel();
          return null;
        });
    assertThat(onLoop(reactor::timerCount)).isZero();
    assertThat(ran).hasValue(1);
  }
}
