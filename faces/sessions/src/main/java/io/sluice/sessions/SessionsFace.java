package io.sluice.sessions;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sluice.sessions.internal.GrpcSessionsService;
import io.sluice.sessions.internal.SessionLog;
import io.sluice.sessions.internal.SessionsMeters;
import io.sluice.sessions.internal.SpEndpointHandler;
import io.sluice.storage.Clock;
import io.sluice.storage.StorageEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions face of a node: the session log on the storage engine, served as the gRPC service
 * {@code sluice.sessions.v1} (default port 9300). {@link #start} recovers the log (sessions found
 * unfinished are stored for redelivery), then listens, and dials the SP endpoint of each kind
 * configured with one ({@link KindEndpoint}). Thread-safe.
 */
public final class SessionsFace implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SessionsFace.class);

  /** The default port of the face. */
  public static final int DEFAULT_PORT = 9300;

  private final SessionLog sessions;
  private final Server server;
  private final EventLoopGroup loop;
  private final List<SpEndpointHandler> endpoints;
  private final Clock clock;
  private volatile boolean closed;

  private SessionsFace(
      SessionLog sessions,
      Server server,
      EventLoopGroup loop,
      List<SpEndpointHandler> endpoints,
      Clock clock) {
    this.clock = clock;
    this.sessions = sessions;
    this.server = server;
    this.loop = loop;
    this.endpoints = endpoints;
  }

  /**
   * Recovers the session log from {@code storage} and starts serving on {@code bind} (port 0 picks
   * a free port). Blocks until both are done.
   */
  public static SessionsFace start(
      StorageEngine storage, InetSocketAddress bind, Clock clock, SessionsOptions options) {
    // One thread runs both the gRPC transport and the session log: requests reach the log and
    // durable results reach the wire without crossing threads.
    EventLoopGroup loop =
        new NioEventLoopGroup(1, new DefaultThreadFactory("sluice-sessions-loop", true));
    SessionLog sessions;
    try {
      sessions = SessionLog.open(storage, clock, options, loop.next());
    } catch (RuntimeException e) {
      loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
    Server server =
        NettyServerBuilder.forAddress(bind)
            .channelType(NioServerSocketChannel.class)
            .bossEventLoopGroup(loop)
            .workerEventLoopGroup(loop)
            .directExecutor()
            .maxInboundMessageSize(options.maxSessionBytes() + (1 << 20))
            .addService(new GrpcSessionsService(sessions).definition())
            .build();
    try {
      server.start();
    } catch (IOException e) {
      sessions.close();
      loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new UncheckedIOException("sessions face could not listen on " + bind, e);
    }
    List<SpEndpointHandler> endpoints = new ArrayList<>();
    try {
      for (KindEndpoint e : options.endpoints()) {
        endpoints.add(SpEndpointHandler.start(sessions, e));
      }
    } catch (RuntimeException e) {
      endpoints.forEach(SpEndpointHandler::close);
      server.shutdownNow();
      sessions.close();
      loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
    SessionsFace face = new SessionsFace(sessions, server, loop, List.copyOf(endpoints), clock);
    log.debug("sessions face serving on {}:{}", bind.getHostString(), face.port());
    return face;
  }

  /** The bound port. */
  public int port() {
    return server.getPort();
  }

  /** Counters and gauges now. */
  public SessionsStats stats() {
    return sessions.stats();
  }

  /**
   * Registers the face's meters ({@code sluice_sessions_deliveries_total}, {@code
   * sluice_sessions_redeliveries_total}, {@code sluice_sessions_dead_lettered_total}, {@code
   * sluice_sessions_open}, ...) on {@code registry}; a scrape reads them from one snapshot of
   * {@link #stats()} taken at most once per second.
   */
  public void bindMetrics(MeterRegistry registry) {
    SessionsMeters.bind(this::stats, clock, registry);
  }

  /** Stops listening, lets writes in flight settle, releases threads. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    endpoints.forEach(SpEndpointHandler::close);
    server.shutdown();
    sessions.close();
    try {
      if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
