package io.sluice.sp.internal;

/** A task scheduled on a {@link Reactor} at a deadline. I/O thread only. */
public final class Timer implements Comparable<Timer> {
  final long deadline;
  final long seq;
  final Runnable task;
  boolean cancelled;

  Timer(long deadline, long seq, Runnable task) {
    this.deadline = deadline;
    this.seq = seq;
    this.task = task;
  }

  /** Prevents the task from running (no effect if it already ran). */
  public void cancel() {
    cancelled = true;
  }

  @Override
  public int compareTo(Timer o) {
    int c = Long.compare(deadline - o.deadline, 0);
    return c != 0 ? c : Long.compare(seq, o.seq);
  }
}
