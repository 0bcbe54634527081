package io.sluice.streams.internal.wire;

import io.netty.channel.Channel;

/**
 * Stops reading a connection while too many of its append bytes wait for the storage engine, and
 * resumes below a low-water mark (as Pravega's segment store does per connection). Not thread-safe:
 * used on the connection's event loop.
 */
final class FlowControl {
  private final Channel channel;
  private final long high;
  private final long low;
  private long outstanding;

  FlowControl(Channel channel, long high, long low) {
    this.channel = channel;
    this.high = high;
    this.low = low;
  }

  void add(long bytes) {
    outstanding += bytes;
    if (outstanding > high && channel.config().isAutoRead()) {
      channel.config().setAutoRead(false);
    }
  }

  void remove(long bytes) {
    outstanding -= bytes;
    if (outstanding < low && !channel.config().isAutoRead()) {
      channel.config().setAutoRead(true);
    }
  }
}
