package io.sluice.kv.internal.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.SelectStrategy;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.util.IntSupplier;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sluice.storage.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The event loop's poll before it sleeps: budget, events, queued tasks, adaptation. */
class PollBeforeSleepTest {
  private static final long US = 1_000;

  /** A clock that moves {@code step} nanoseconds each time it is read. */
  private static Clock stepping(long step) {
    AtomicLong now = new AtomicLong();
    return new Clock() {
      @Override
      public long currentTimeMillis() {
        return 0;
      }

      @Override
      public long nanoTime() {
        return now.addAndGet(step);
      }
    };
  }

  /** A selectNow that finds nothing {@code empty} times, then {@code ready} events. */
  private static final class Polls implements IntSupplier {
    final AtomicInteger calls = new AtomicInteger();
    private final int empty;
    private final int ready;

    Polls(int empty, int ready) {
      this.empty = empty;
      this.ready = ready;
    }

    @Override
    public int get() {
      return calls.incrementAndGet() > empty ? ready : 0;
    }
  }

  private static PollBeforeSleep.Loop loop(BooleanSupplier tasks, int channels) {
    return new PollBeforeSleep.Loop() {
      @Override
      public boolean tasksQueued() {
        return tasks.getAsBoolean();
      }

      @Override
      public int channels() {
        return channels;
      }
    };
  }

  /** A loop with one connection and no tasks. */
  private static PollBeforeSleep.Loop idle() {
    return loop(() -> false, 1);
  }

  @Test
  void aLoopWithManyConnectionsNeverPolls() throws Exception {
    PollBeforeSleep s =
        new PollBeforeSleep(
            200 * US, stepping(US), loop(() -> false, PollBeforeSleep.MAX_CHANNELS + 1));
    Polls polls = new Polls(Integer.MAX_VALUE, 0);
    for (int i = 0; i < 100; i++) {
      assertThat(s.calculateStrategy(polls, false)).isEqualTo(SelectStrategy.SELECT);
    }
    assertThat(polls.calls).hasValue(0);
  }

  @Test
  void zeroBudgetNeverPolls() throws Exception {
    PollBeforeSleep s = new PollBeforeSleep(0, stepping(US), idle());
    Polls polls = new Polls(Integer.MAX_VALUE, 0);
    for (int i = 0; i < 100; i++) {
      assertThat(s.calculateStrategy(polls, false)).isEqualTo(SelectStrategy.SELECT);
    }
    assertThat(polls.calls).hasValue(0);
  }

  @Test
  void withQueuedTasksItLooksOnceAndRunsThem() throws Exception {
    PollBeforeSleep s = new PollBeforeSleep(200 * US, stepping(US), idle());
    Polls polls = new Polls(Integer.MAX_VALUE, 0);
    assertThat(s.calculateStrategy(polls, true)).isZero();
    assertThat(polls.calls).hasValue(1);
  }

  @Test
  void blocksAfterTheBudget() throws Exception {
    PollBeforeSleep s = new PollBeforeSleep(100 * US, stepping(10 * US), idle());
    Polls polls = new Polls(Integer.MAX_VALUE, 0);
    assertThat(s.calculateStrategy(polls, false)).isEqualTo(SelectStrategy.SELECT);
    assertThat(polls.calls.get()).isBetween(9, 11);
    assertThat(s.misses()).isEqualTo(1);
    assertThat(s.hits()).isZero();
  }

  @Test
  void returnsTheEventsAPollFinds() throws Exception {
    PollBeforeSleep s = new PollBeforeSleep(100 * US, stepping(US), idle());
    Polls polls = new Polls(3, 2);
    assertThat(s.calculateStrategy(polls, false)).isEqualTo(2);
    assertThat(polls.calls).hasValue(4);
    assertThat(s.hits()).isEqualTo(1);
  }

  @Test
  void aTaskQueuedWhilePollingEndsThePoll() throws Exception {
    AtomicInteger looks = new AtomicInteger();
    PollBeforeSleep s =
        new PollBeforeSleep(100 * US, stepping(US), loop(() -> looks.incrementAndGet() > 5, 1));
    Polls polls = new Polls(Integer.MAX_VALUE, 0);
    assertThat(s.calculateStrategy(polls, false)).isZero();
    assertThat(polls.calls).hasValue(6);
    assertThat(s.hits()).isEqualTo(1);
  }

  @Test
  void stopsPollingWhenPollsKeepMissingAndProbesNowAndThen() throws Exception {
    PollBeforeSleep s = new PollBeforeSleep(100 * US, stepping(10 * US), idle());
    Polls polls = new Polls(Integer.MAX_VALUE, 0);
    int missesToZero = (PollBeforeSleep.MAX_SCORE / 2) / PollBeforeSleep.MISS_PENALTY;
    for (int i = 0; i < missesToZero; i++) {
      s.calculateStrategy(polls, false);
    }
    assertThat(s.misses()).isEqualTo(missesToZero);
    int before = polls.calls.get();
    for (int i = 0; i < PollBeforeSleep.PROBE_EVERY - 1; i++) {
      assertThat(s.calculateStrategy(polls, false)).isEqualTo(SelectStrategy.SELECT);
    }
    assertThat(polls.calls).hasValue(before);
    s.calculateStrategy(polls, false);
    assertThat(polls.calls.get()).isGreaterThan(before);
    assertThat(s.misses()).isEqualTo(missesToZero + 1);
  }

  @Test
  void hitsKeepItPolling() throws Exception {
    PollBeforeSleep s = new PollBeforeSleep(100 * US, stepping(US), idle());
    for (int i = 0; i < 1000; i++) {
      assertThat(s.calculateStrategy(new Polls(2, 1), false)).isEqualTo(1);
    }
    assertThat(s.hits()).isEqualTo(1000);
  }

  /**
   * On a real epoll loop that polls with a budget of a minute, a task submitted from another thread
   * while it polls runs at once: the loop counts as awake then, so {@code execute()} writes no
   * eventfd, and only the poll's own look at the queue finds the task.
   */
  @Test
  void aRealLoopRunsTasksSubmittedWhileItPolls() throws Exception {
    assertThat(Epoll.isAvailable())
        .as("Netty's native epoll transport must load here: %s", Epoll.unavailabilityCause())
        .isTrue();
    CountDownLatch polling = new CountDownLatch(1);
    AtomicBoolean armed = new AtomicBoolean();
    Clock signalling =
        new Clock() {
          @Override
          public long currentTimeMillis() {
            return Clock.SYSTEM.currentTimeMillis();
          }

          @Override
          public long nanoTime() {
            if (armed.get()) {
              polling.countDown();
            }
            return Clock.SYSTEM.nanoTime();
          }
        };
    long minute = TimeUnit.MINUTES.toNanos(1);
    EpollEventLoopGroup group =
        new EpollEventLoopGroup(
            1,
            new DefaultThreadFactory("poll-test", true),
            () -> new PollBeforeSleep(minute, signalling));
    try {
      armed.set(true);
      group.execute(() -> {});
      assertThat(polling.await(10, TimeUnit.SECONDS)).as("the loop polls after a turn").isTrue();
      AtomicBoolean ran = new AtomicBoolean();
      long submitted = System.nanoTime();
      group.execute(() -> ran.set(true));
      await().atMost(Duration.ofSeconds(10)).untilTrue(ran);
      assertThat(System.nanoTime() - submitted).isLessThan(TimeUnit.SECONDS.toNanos(10));
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
  }
}
