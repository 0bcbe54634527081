package io.sluice.streams;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.sluice.protocol.controller.NodeUri;
import io.sluice.storage.Clock;
import io.sluice.storage.StorageEngine;
import io.sluice.streams.internal.Maintenance;
import io.sluice.streams.internal.controller.Controller;
import io.sluice.streams.internal.grpc.ControllerGrpcService;
import io.sluice.streams.internal.grpc.Security;
import io.sluice.streams.internal.wire.SegmentStoreServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The streams face of a node: a Pravega-compatible controller (gRPC) and segment store (wire
 * protocol) on the node's storage engine, plus the background work of retention and transaction
 * leases. Start it with {@link #start}; it owns its threads until {@link #close}. Thread-safe.
 */
public final class StreamsFace implements AutoCloseable {
  private final Server grpc;
  private final ExecutorService grpcExecutor;
  private final SegmentStoreServer segmentStore;
  private final Maintenance maintenance;
  private final AtomicBoolean closed = new AtomicBoolean();

  private StreamsFace(
      Server grpc,
      ExecutorService grpcExecutor,
      SegmentStoreServer segmentStore,
      Maintenance maintenance) {
    this.grpc = grpc;
    this.grpcExecutor = grpcExecutor;
    this.segmentStore = segmentStore;
    this.maintenance = maintenance;
  }

  /**
   * Starts both listeners (port 0 picks a free one) on the storage engine.
   *
   * @param controllerBind where the controller's gRPC service listens
   * @param segmentStoreBind where the segment store listens
   */
  public static StreamsFace start(
      StorageEngine storage,
      InetSocketAddress controllerBind,
      InetSocketAddress segmentStoreBind,
      Clock clock,
      StreamsOptions options) {
    Controller controller = Controller.open(storage, clock, options.maxTxnLease().toMillis());
    Security security = Security.create(options, clock, controller::tokenSecret);
    SegmentStoreServer ss =
        SegmentStoreServer.start(
            storage,
            segmentStoreBind,
            options.ioThreads(),
            options.readWait(),
            security.segmentAuth(),
            security.serverSsl());
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    Server server;
    try {
      NodeUri ssUri =
          NodeUri.newBuilder()
              .setEndpoint(advertised(options, ss.address()))
              .setPort(ss.address().getPort())
              .build();
      java.util.concurrent.atomic.AtomicReference<NodeUri> self =
          new java.util.concurrent.atomic.AtomicReference<>();
      ControllerGrpcService service =
          new ControllerGrpcService(controller, security.tokens(), self::get, () -> ssUri);
      NettyServerBuilder b =
          NettyServerBuilder.forAddress(controllerBind)
              .executor(executor)
              .maxInboundMessageSize(16 << 20)
              .addService(ServerInterceptors.intercept(service, security.interceptor()));
      if (security.grpcSsl() != null) {
        b.sslContext(security.grpcSsl());
      }
      server = b.build().start();
      InetSocketAddress bound = (InetSocketAddress) server.getListenSockets().get(0);
      self.set(
          NodeUri.newBuilder()
              .setEndpoint(advertised(options, bound))
              .setPort(bound.getPort())
              .build());
    } catch (IOException e) {
      ss.close();
      executor.shutdownNow();
      throw new UncheckedIOException("controller could not listen on " + controllerBind, e);
    }
    Maintenance m = Maintenance.start(controller, options);
    return new StreamsFace(server, executor, ss, m);
  }

  private static String advertised(StreamsOptions options, InetSocketAddress bound) {
    if (options.advertisedHost() != null) {
      return options.advertisedHost();
    }
    return bound.getAddress().isAnyLocalAddress()
        ? "localhost"
        : bound.getAddress().getHostAddress();
  }

  /** The controller's bound port. */
  public int controllerPort() {
    return ((InetSocketAddress) grpc.getListenSockets().get(0)).getPort();
  }

  /** The segment store's bound port. */
  public int segmentStorePort() {
    return segmentStore.address().getPort();
  }

  /** The controller's port (the face's main port). */
  public int port() {
    return controllerPort();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    maintenance.close();
    grpc.shutdownNow();
    try {
      grpc.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    grpcExecutor.shutdownNow();
    segmentStore.close();
  }
}
