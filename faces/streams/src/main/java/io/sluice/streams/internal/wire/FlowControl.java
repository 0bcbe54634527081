package io.sluice.streams.internal.wire;

import io.netty.channel.Channel;
import java.util.concurrent.RejectedExecutionException;

/**
 * Stops reading a connection while too many of its append bytes wait for the storage engine, and
 * resumes below a low-water mark (as Pravega's segment store does per connection). The bytes also
 * count against the node-wide {@link FlowBudget}; a connection that pushes the total over its high
 * mark stops reading too, and resumes once the total has drained. Not thread-safe: used on the
 * connection's event loop, except {@link #budgetFreed}, which hops there.
 */
final class FlowControl {
  private final Channel channel;
  private final long high;
  private final long low;
  private final FlowBudget budget;
  private long outstanding;
  private boolean waitingForBudget;

  FlowControl(Channel channel, long high, long low, FlowBudget budget) {
    this.channel = channel;
    this.high = high;
    this.low = low;
    this.budget = budget;
  }

  void add(long bytes) {
    outstanding += bytes;
    boolean overBudget = budget.add(bytes);
    if (overBudget && !waitingForBudget) {
      waitingForBudget = true;
      budget.pausedFor(this);
    }
    if ((outstanding > high || waitingForBudget) && channel.config().isAutoRead()) {
      channel.config().setAutoRead(false);
    }
  }

  void remove(long bytes) {
    outstanding -= bytes;
    budget.remove(bytes);
    resumeIfBelow();
  }

  /** The node-wide total drained (any thread): resume on the event loop if this one allows. */
  void budgetFreed() {
    try {
      channel
          .eventLoop()
          .execute(
              () -> {
                waitingForBudget = false;
                resumeIfBelow();
              });
    } catch (RejectedExecutionException e) {
      // the server is shutting down: nothing left to resume
    }
  }

  /** The connection closed: its bytes still in the engine will be removed as they complete. */
  void close() {
    budget.forget(this);
  }

  private void resumeIfBelow() {
    if (outstanding < low && !waitingForBudget && !channel.config().isAutoRead()) {
      channel.config().setAutoRead(true);
    }
  }
}
