package io.sluice.kv.internal.rpc;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.IntSupplier;
import io.netty.util.internal.ThreadExecutorMap;
import io.sluice.storage.Clock;

/**
 * An event loop's choice before it sleeps: poll for ready events (epoll_wait with timeout 0) and
 * for queued tasks for up to a budget, and block only when neither came. At one client the loop
 * answers a request and has nothing to do until the next one arrives ~100-130 us later; blocking
 * costs a wake-up of a halted virtual CPU on the next request (tens of microseconds here, a VM exit
 * and the host's re-entry), which a short poll avoids, as Go's scheduler does for etcd by spinning
 * its idle threads before it parks them.
 *
 * <p>While it polls the loop counts as awake, so another thread's {@code execute()} does not write
 * the loop's eventfd: the poll checks the loop's queued tasks itself and returns at once when there
 * are some. A scheduled task whose timer is not armed waits at most the budget.
 *
 * <p>Only a loop serving at most {@value #MAX_CHANNELS} connections polls: one with many (1000
 * clients over 100 connections) has requests waiting at almost every turn and is short of CPU, not
 * of wake-ups (polling there cost put throughput in KvBench side by side, session 10). Adaptive,
 * like base/sp's {@code Spin}: a score counts how often polls found work before the budget ran out;
 * when they keep missing (an idle node, or a loaded machine where the client that would send the
 * next request is not running) the loop blocks at once, and tries a poll again every {@value
 * #PROBE_EVERY} turns. A budget of 0 never polls (Netty's default strategy).
 *
 * <p>One instance per event loop, used only by that loop's thread: not thread-safe.
 */
final class PollBeforeSleep implements SelectStrategy {
  static final int MAX_SCORE = 16;
  static final int MISS_PENALTY = 4;
  static final int PROBE_EVERY = 32;
  static final int MAX_CHANNELS = 4;

  /** What the strategy reads of the event loop it runs on. */
  interface Loop {
    /** Whether tasks are queued on the loop (its task queue or its tail tasks). */
    boolean tasksQueued();

    /** How many channels (connections) the loop serves. */
    int channels();
  }

  private final long budgetNanos;
  private final Clock clock;
  private Loop loop;
  private boolean notALoop;
  private int score = MAX_SCORE / 2;
  private int sinceProbe;
  private long hits;
  private long misses;

  /**
   * A strategy for the event loop that will call it; that loop is found on its first call ({@link
   * ThreadExecutorMap#currentExecutor()}).
   *
   * @param budgetNanos how long one poll may last; 0 = never poll
   */
  PollBeforeSleep(long budgetNanos, Clock clock) {
    this(budgetNanos, clock, null);
  }

  /** As above, with the loop given (tests). */
  PollBeforeSleep(long budgetNanos, Clock clock, Loop loop) {
    if (budgetNanos < 0) {
      throw new IllegalArgumentException("budget must not be negative");
    }
    this.budgetNanos = budgetNanos;
    this.clock = clock;
    this.loop = loop;
  }

  @Override
  public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
    if (hasTasks) {
      return selectNow.get();
    }
    if (budgetNanos == 0 || !shouldPoll()) {
      return SelectStrategy.SELECT;
    }
    long start = clock.nanoTime();
    do {
      int ready = selectNow.get();
      if (ready > 0) {
        record(true);
        return ready;
      }
      if (loop.tasksQueued()) {
        record(true);
        return 0;
      }
      Thread.onSpinWait();
    } while (clock.nanoTime() - start < budgetNanos);
    record(false);
    return SelectStrategy.SELECT;
  }

  private boolean shouldPoll() {
    if (loop == null && !notALoop) {
      loop = currentLoop();
      notALoop = loop == null;
    }
    if (notALoop || loop.channels() > MAX_CHANNELS) {
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

  private void record(boolean hit) {
    if (hit) {
      hits++;
      score = Math.min(MAX_SCORE, score + 1);
    } else {
      misses++;
      score = Math.max(0, score - MISS_PENALTY);
    }
  }

  /** Polls that found events or tasks within the budget. */
  long hits() {
    return hits;
  }

  /** Polls that ran out of budget (the loop then blocked). */
  long misses() {
    return misses;
  }

  /**
   * The calling event loop, or null when the caller is not a Netty single-thread event loop (then
   * it never polls: a task queued while it polled would wait for the budget).
   */
  private static Loop currentLoop() {
    if (ThreadExecutorMap.currentExecutor() instanceof SingleThreadEventLoop single) {
      return new Loop() {
        @Override
        public boolean tasksQueued() {
          return single.pendingTasks() > 0;
        }

        @Override
        public int channels() {
          return single.registeredChannels();
        }
      };
    }
    return null;
  }
}
