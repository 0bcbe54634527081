package io.sluice.bench.pravega.nullserver;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.sluice.protocol.wire.AppendAssemblyHandler;
import io.sluice.protocol.wire.ReadSegment;
import io.sluice.protocol.wire.SegmentRead;
import io.sluice.protocol.wire.WireCommandEncoder;
import io.sluice.protocol.wire.WireErrorHandler;
import io.sluice.protocol.wire.WireFrameDecoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The null segment store: base/protocol's frame decoder, append assembly and encoder in front of
 * {@link NullConnection}, on ONE event loop thread that owns every segment, so nothing is locked.
 * Segments spring into existence when first named. A read at the tail waits up to a second for
 * data, as a real segment store's does, instead of making the client poll. It runs on Linux's
 * native epoll transport when that loads (on Java NIO otherwise), to be as cheap a server as can
 * be; the node's segment store stays on NIO, where epoll measured no cheaper.
 *
 * <p>Start once; {@link #close} from any thread. Everything else runs on the event loop.
 */
final class NullSegmentStore implements AutoCloseable {
  private static final long TAIL_WAIT_MS = 1000;

  private final Map<String, MemorySegment> segments = new HashMap<>();
  private final Map<String, List<Waiter>> waiting = new HashMap<>();
  private final boolean epoll = Epoll.isAvailable();
  private final EventLoopGroup loop = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
  private long appends;
  private long appendedBytes;
  private long reads;
  private long readBytes;
  private Channel channel;

  private record Waiter(ChannelHandlerContext ctx, ReadSegment read, ScheduledFuture<?> timeout) {}

  void start(InetSocketAddress bind) {
    WireCommandEncoder encoder = new WireCommandEncoder();
    WireErrorHandler errors = new WireErrorHandler((ctx, cause) -> {});
    channel =
        new ServerBootstrap()
            .group(loop)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(encoder)
                        .addLast(new WireFrameDecoder())
                        .addLast(new AppendAssemblyHandler())
                        .addLast(new NullConnection(NullSegmentStore.this))
                        .addLast(errors);
                  }
                })
            .bind(bind)
            .syncUninterruptibly()
            .channel();
  }

  int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** The segment of that name, created empty if it did not exist. */
  MemorySegment segment(String name) {
    return segments.computeIfAbsent(name, n -> new MemorySegment());
  }

  /** Counts one append of {@code bytes}, for {@link #stats}. */
  void appended(int bytes) {
    appends++;
    appendedBytes += bytes;
  }

  /** What the store received and served so far (call on the event loop). */
  String stats() {
    return "appends "
        + appends
        + " ("
        + appendedBytes
        + " B, "
        + (appends == 0 ? 0 : appendedBytes / appends)
        + " B each), reads "
        + reads
        + " ("
        + readBytes
        + " B, "
        + (reads == 0 ? 0 : readBytes / reads)
        + " B each)";
  }

  void delete(String name) {
    segments.remove(name);
  }

  /** Answers a read now if there is data (or the segment is sealed), else parks it. */
  void read(ChannelHandlerContext ctx, ReadSegment r) {
    MemorySegment s = segment(r.segment());
    if (r.offset() < s.length() || s.sealed()) {
      ctx.write(reply(s, r));
      return;
    }
    List<Waiter> list = waiting.computeIfAbsent(r.segment(), n -> new ArrayList<>());
    Waiter[] self = new Waiter[1];
    ScheduledFuture<?> t =
        ctx.executor()
            .schedule(
                () -> {
                  List<Waiter> l = waiting.get(r.segment());
                  if (l != null && l.remove(self[0])) {
                    ctx.writeAndFlush(reply(segment(r.segment()), r));
                  }
                },
                TAIL_WAIT_MS,
                TimeUnit.MILLISECONDS);
    self[0] = new Waiter(ctx, r, t);
    list.add(self[0]);
  }

  /** Answers the reads parked on a segment that just grew. */
  void grew(String name) {
    List<Waiter> list = waiting.remove(name);
    if (list == null) {
      return;
    }
    MemorySegment s = segment(name);
    for (Waiter w : list) {
      w.timeout().cancel(false);
      w.ctx().writeAndFlush(reply(s, w.read()));
    }
  }

  private SegmentRead reply(MemorySegment s, ReadSegment r) {
    int max = Math.min(2 << 20, Math.max(8, r.suggestedLength()));
    long offset = Math.min(r.offset(), s.length());
    var data = s.read(offset, max);
    boolean atTail = offset + data.readableBytes() >= s.length();
    if (data.isReadable()) {
      reads++;
      readBytes += data.readableBytes();
    }
    return new SegmentRead(
        r.segment(), r.offset(), atTail, atTail && s.sealed(), data, r.requestId());
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
