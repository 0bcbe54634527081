package io.sluice.sp.internal;

/**
 * A task scheduled on a {@link Reactor} at a deadline. Cancelling drops the task at once (so a
 * cancelled timer holds nothing it captured, such as a request's message) and lets the reactor
 * purge cancelled timers in bulk.
 *
 * <p>I/O thread only.
 */
public final class Timer implements Comparable<Timer> {
  final long deadline;
  final long seq;
  private final Reactor owner;
  private Runnable task;
  boolean cancelled;

  Timer(Reactor owner, long deadline, long seq, Runnable task) {
    this.owner = owner;
    this.deadline = deadline;
    this.seq = seq;
    this.task = task;
  }

  /** Prevents the task from running (no effect if it already ran or was cancelled). */
  public void cancel() {
    if (task != null) {
      task = null;
      cancelled = true;
      owner.timerCancelled();
    }
  }

  /** Takes the task to run it (the reactor, once the deadline passed); null if cancelled. */
  Runnable take() {
    Runnable t = task;
    task = null;
    return t;
  }

  @Override
  public int compareTo(Timer o) {
    int c = Long.compare(deadline - o.deadline, 0);
    return c != 0 ? c : Long.compare(seq, o.seq);
  }
}
