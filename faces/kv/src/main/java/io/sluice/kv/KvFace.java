package io.sluice.kv;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.sluice.kv.internal.concurrency.ElectionService;
import io.sluice.kv.internal.concurrency.LockService;
import io.sluice.kv.internal.etcd.AutoCompactor;
import io.sluice.kv.internal.etcd.Headers;
import io.sluice.kv.internal.etcd.KvEngine;
import io.sluice.kv.internal.etcd.KvStoreOpener;
import io.sluice.kv.internal.etcd.Quota;
import io.sluice.kv.internal.rpc.ClusterService;
import io.sluice.kv.internal.rpc.EventLoops;
import io.sluice.kv.internal.rpc.HealthService;
import io.sluice.kv.internal.rpc.KvService;
import io.sluice.kv.internal.rpc.LeaseService;
import io.sluice.kv.internal.rpc.MaintenanceService;
import io.sluice.kv.internal.rpc.WatchService;
import io.sluice.kv.internal.watch.WatchHub;
import io.sluice.storage.Clock;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.TableStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KV face of a node: etcd's v3 gRPC API (KV, Watch, Lease, Cluster, Maintenance, Lock,
 * Election, health) on one port, with its MVCC state in a table segment of the node's storage
 * engine, written behind a plain-segment change log that makes each write durable.
 *
 * <p>gRPC runs on Netty with etcd's transport settings: clients may ping every 5 s even without
 * calls (so Go clients never get GOAWAY "too_many_pings"), requests up to 1.5 MiB plus gRPC
 * overhead are read and larger ones refused with etcd's error. Handlers run on the Netty event
 * loops (requests that may wait for a value from disk run on virtual threads); replies are sent
 * from the storage engine's completion thread once the change is durable.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class KvFace implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KvFace.class);
  private static final int GRPC_OVERHEAD_BYTES = 512 * 1024;

  private final Server server;
  private final KvEngine engine;
  private final WatchHub hub;
  private final ScheduledExecutorService timer;
  private final ExecutorService completions;
  private final ExecutorService virtual;
  private final EventLoops loops;
  private final long memberId;
  private final long clusterId;
  private boolean closed;

  private KvFace(
      Server server,
      KvEngine engine,
      WatchHub hub,
      ScheduledExecutorService timer,
      ExecutorService completions,
      ExecutorService virtual,
      EventLoops loops,
      long memberId,
      long clusterId) {
    this.server = server;
    this.loops = loops;
    this.engine = engine;
    this.hub = hub;
    this.timer = timer;
    this.completions = completions;
    this.virtual = virtual;
    this.memberId = memberId;
    this.clusterId = clusterId;
  }

  /** Starts the face on the node's storage engine, listening on {@code bind} (port 0 = any). */
  public static KvFace start(
      StorageEngine storage, InetSocketAddress bind, Clock clock, KvOptions options) {
    return start(
        storage.segments(),
        storage.tables(),
        () -> storage.stats().walBytes() + storage.stats().flushedBytes(),
        () -> storage.stats().writable(),
        bind,
        clock,
        options);
  }

  /**
   * Starts the face on the given segment and table stores.
   *
   * @param dbSize what Status reports as the database size
   * @param writable false raises the NOSPACE alarm
   */
  public static KvFace start(
      SegmentStore segments,
      TableStore tables,
      LongSupplier dbSize,
      BooleanSupplier writable,
      InetSocketAddress bind,
      Clock clock,
      KvOptions options) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(daemon("sluice-kv-timer"));
    ExecutorService completions = Executors.newFixedThreadPool(2, daemon("sluice-kv-commit"));
    ExecutorService virtual =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sluice-kv-", 0).factory());
    EventLoops loops =
        EventLoops.create(
            Math.max(1, Runtime.getRuntime().availableProcessors()), options.pollMicros(), clock);
    try {
      KvStoreOpener.Opened opened =
          KvStoreOpener.open(
              segments,
              tables,
              clock,
              completions,
              timer,
              options.valueCacheBytes(),
              options.maxTxnOps());
      KvEngine engine = opened.engine();
      Headers headers = new Headers(opened.clusterId(), opened.memberId(), 1, engine);
      WatchHub hub =
          new WatchHub(
              engine,
              virtual,
              timer,
              options.progressNotifyInterval().toMillis(),
              options.maxRequestBytes());
      Quota quota =
          new Quota(
              options.quotaBackendBytes(),
              engine::retainedBytes,
              options.indexMemoryLimit(),
              engine::indexBytes);
      MaintenanceService maintenance =
          new MaintenanceService(engine, headers, dbSize, writable, virtual, quota);
      int[] boundPort = new int[1];
      List<String> urls = options.advertiseClientUrls();
      Server server =
          NettyServerBuilder.forAddress(bind)
              .channelType(loops.channelType())
              .bossEventLoopGroup(loops.boss())
              .workerEventLoopGroup(loops.workers())
              .permitKeepAliveTime(5, TimeUnit.SECONDS)
              .permitKeepAliveWithoutCalls(true)
              .keepAliveTime(2, TimeUnit.HOURS)
              .keepAliveTimeout(20, TimeUnit.SECONDS)
              .maxInboundMessageSize(options.maxRequestBytes() + GRPC_OVERHEAD_BYTES)
              // handlers run on the event loop (they never wait on I/O); the few requests that may
              // read a value from disk under a lock are moved to a virtual thread by KvService
              .directExecutor()
              .addService(new KvService(engine, headers, options.maxRequestBytes(), virtual, quota))
              .addService(new WatchService(hub, headers))
              .addService(new LeaseService(engine, headers, quota))
              .addService(maintenance)
              .addService(new HealthService())
              .addService(new LockService(engine, headers, virtual))
              .addService(new ElectionService(engine, headers, virtual))
              .addService(
                  new ClusterService(
                      headers,
                      options.name(),
                      () ->
                          urls.isEmpty()
                              ? List.of(
                                  clientUrl(new InetSocketAddress(bind.getAddress(), boundPort[0])))
                              : urls))
              .build();
      server.start();
      boundPort[0] = server.getPort();
      long leaseMs = options.leaseCheckInterval().toMillis();
      timer.scheduleWithFixedDelay(
          () -> {
            try {
              engine.expireLeases();
            } catch (RuntimeException e) {
              LOG.warn("lease expiry check failed", e);
            }
          },
          leaseMs,
          leaseMs,
          TimeUnit.MILLISECONDS);
      if (options.autoCompactionMode() != AutoCompactionMode.NONE) {
        AutoCompactor ac =
            new AutoCompactor(
                engine,
                options.autoCompactionMode(),
                options.autoCompactionMode() == AutoCompactionMode.PERIODIC
                    ? options.autoCompactionRetention().toMillis()
                    : options.autoCompactionRevisions());
        long tick = ac.tickInterval().toMillis();
        timer.scheduleWithFixedDelay(ac::tick, tick, tick, TimeUnit.MILLISECONDS);
      }
      LOG.info(
          "KV (etcd v3 API) serving on {}:{} ({}), member {} cluster {}",
          bind.getHostString(),
          server.getPort(),
          loops.nativeTransport() ? "epoll" : "nio",
          Long.toHexString(opened.memberId()),
          Long.toHexString(opened.clusterId()));
      return new KvFace(
          server,
          engine,
          hub,
          timer,
          completions,
          virtual,
          loops,
          opened.memberId(),
          opened.clusterId());
    } catch (IOException e) {
      shutdown(loops, timer, completions, virtual);
      throw new UncheckedIOException("KV face could not listen on " + bind, e);
    } catch (RuntimeException e) {
      shutdown(loops, timer, completions, virtual);
      throw e;
    }
  }

  private static String clientUrl(InetSocketAddress a) {
    String host = a.getHostString();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + a.getPort();
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Releases what a start that failed had made. */
  private static void shutdown(EventLoops loops, ExecutorService... executors) {
    loops.close();
    for (ExecutorService e : executors) {
      e.shutdownNow();
    }
  }

  /** The bound port. */
  public int port() {
    return server.getPort();
  }

  public long memberId() {
    return memberId;
  }

  public long clusterId() {
    return clusterId;
  }

  /** The durable revision (for tests and metrics). */
  public long revision() {
    return engine.durableRev();
  }

  /** Revokes expired leases now (tests drive this with a manual clock). */
  public void checkLeases() {
    engine.expireLeases();
  }

  /** Sends progress notifications now (tests). */
  public void progressTick() {
    hub.progressTick();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    hub.close();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    loops.close();
    engine.storage().close();
    timer.shutdownNow();
    completions.shutdown();
    try {
      completions.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    virtual.shutdownNow();
    LOG.info("KV face closed");
  }
}
