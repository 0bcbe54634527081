package io.sluice.streams.internal.wire;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sluice.protocol.wire.AppendAssemblyHandler;
import io.sluice.protocol.wire.ErrorMessage;
import io.sluice.protocol.wire.WireCommandEncoder;
import io.sluice.protocol.wire.WireErrorHandler;
import io.sluice.protocol.wire.WireFrameDecoder;
import io.sluice.protocol.wire.WireProtocolException;
import io.sluice.storage.StorageEngine;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment store's TCP server: one Netty pipeline per connection (optional TLS, flush
 * consolidation, frame decoder, append assembly, {@link ServerConnection}, error handler; command
 * encoder outbound). A bad frame or append sequence is answered with an {@code ErrorMessage} and
 * closes only that connection. Thread-safe: start once, close from any thread.
 */
public final class SegmentStoreServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentStoreServer.class);
  private static final long FLOW_HIGH = 16L << 20;
  private static final long FLOW_LOW = 4L << 20;
  private static final int FLUSH_AFTER_WRITES = 256;

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel channel;

  private SegmentStoreServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel) {
    this.boss = boss;
    this.workers = workers;
    this.channel = channel;
  }

  /**
   * Binds and starts serving.
   *
   * @param readWait how long a read at the tail of a segment waits for data
   * @param ssl TLS context, or null for plain TCP
   */
  public static SegmentStoreServer start(
      StorageEngine storage,
      InetSocketAddress bind,
      int threads,
      Duration readWait,
      SegmentAuth auth,
      SslContext ssl) {
    // named, so a profile of the node (thread names in /proc, JFR) tells the face's loops apart
    EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("streams-ss-boss"));
    EventLoopGroup workers = new NioEventLoopGroup(threads, new DefaultThreadFactory("streams-ss"));
    SegmentRequests segments = new SegmentRequests(storage.segments(), readWait);
    TableRequests tables = new TableRequests(storage.tables());
    WireCommandEncoder encoder = new WireCommandEncoder();
    FlowBudget budget = new FlowBudget(FlowBudget.DEFAULT_HIGH, FlowBudget.DEFAULT_LOW);
    WireErrorHandler errors =
        new WireErrorHandler(
            (ctx, cause) -> {
              LOG.debug("closing {}: {}", ctx.channel().remoteAddress(), cause.toString());
              if (cause instanceof WireProtocolException) {
                ctx.writeAndFlush(
                    new ErrorMessage(-1, "", cause.getMessage(), ErrorMessage.ILLEGAL_ARGUMENT));
              }
            });
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 256)
            .childOption(ChannelOption.TCP_NODELAY, true)
            // large buffers in a pool of their own, so small ones cannot pin its chunks after a
            // burst of appends (see SplitAllocator)
            .childOption(ChannelOption.ALLOCATOR, SplitAllocator.INSTANCE)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (ssl != null) {
                      ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                        // a flush per reply is a syscall per reply: replies written while a read
                        // is in progress go out at its end, and acks completed by the storage
                        // writer in one group commit go out in one flush per event-loop turn
                        .addLast(new FlushConsolidationHandler(FLUSH_AFTER_WRITES, true))
                        .addLast(encoder)
                        .addLast(new WireFrameDecoder())
                        .addLast(new AppendAssemblyHandler())
                        .addLast(
                            new ServerConnection(
                                storage.segments(),
                                segments,
                                tables,
                                auth,
                                FLOW_HIGH,
                                FLOW_LOW,
                                budget))
                        .addLast(errors);
                  }
                });
    try {
      Channel ch = b.bind(bind).syncUninterruptibly().channel();
      return new SegmentStoreServer(boss, workers, ch);
    } catch (RuntimeException e) {
      boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
