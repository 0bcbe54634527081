package io.sluice.kv.internal.rpc;

import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.sluice.storage.Clock;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The KV face's Netty event loops: Linux's native epoll transport when it loads (fewer system calls
 * and copies per request than the JDK selector), Java NIO otherwise. One acceptor thread and {@code
 * threads} I/O threads, all daemons named {@code sluice-kv-accept}/{@code sluice-kv-loop-N}. They
 * are Netty's {@link FastThreadLocalThread}s, as Netty's own thread factory makes them: on a plain
 * thread every Netty thread-local (the allocator's thread cache, the object recycler, the
 * pipeline's per-thread maps), read several times per request, is a JDK {@code ThreadLocal} lookup
 * instead of a field read. With the epoll transport and a poll budget, each I/O loop polls for up
 * to that budget before it sleeps ({@link PollBeforeSleep}). Thread-safe; {@link #close()} is
 * idempotent.
 *
 * @param boss accepts connections
 * @param workers runs the connections (and the handlers, which never block)
 * @param channelType the server channel class matching the groups
 */
public record EventLoops(
    EventLoopGroup boss, EventLoopGroup workers, Class<? extends ServerChannel> channelType)
    implements AutoCloseable {

  /**
   * Creates the groups: epoll when available (unless {@code -Dio.netty.transport.noNative=true}).
   *
   * @param pollMicros how long an I/O loop polls before it sleeps (epoll only); 0 = never
   */
  public static EventLoops create(int threads, int pollMicros, Clock clock) {
    if (Epoll.isAvailable()) {
      long budget = TimeUnit.MICROSECONDS.toNanos(pollMicros);
      SelectStrategyFactory strategy =
          budget == 0
              ? DefaultSelectStrategyFactory.INSTANCE
              : () -> new PollBeforeSleep(budget, clock);
      return new EventLoops(
          new EpollEventLoopGroup(1, daemons("sluice-kv-accept")),
          new EpollEventLoopGroup(threads, daemons("sluice-kv-loop"), strategy),
          EpollServerSocketChannel.class);
    }
    return new EventLoops(
        new NioEventLoopGroup(1, daemons("sluice-kv-accept")),
        new NioEventLoopGroup(threads, daemons("sluice-kv-loop")),
        NioServerSocketChannel.class);
  }

  /** Whether the native epoll transport is in use. */
  public boolean nativeTransport() {
    return channelType == EpollServerSocketChannel.class;
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new FastThreadLocalThread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Stops both groups and waits up to 5 s for their threads to end. */
  @Override
  public void close() {
    boss.shutdownGracefully(0, 5, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 5, TimeUnit.SECONDS);
    boss.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    workers.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
