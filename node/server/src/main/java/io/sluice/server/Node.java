package io.sluice.server;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.storage.Clock;
import io.sluice.storage.StorageEngine;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: the storage engine of its data directory, every face on it, and the admin HTTP
 * port. {@link #start} returns once every listener is up and has logged {@code Sluice node ready};
 * {@link #close} stops the faces in reverse order, then the storage engine (which checkpoints).
 *
 * <p>Each listener logs one line {@code <name> listening on <host>:<port>} with the port it really
 * bound (tools and tests parse it; port 0 picks a free one). Thread-safe; close is idempotent.
 */
public final class Node implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Node.class);

  private final NodeConfig config;
  private final Clock clock;
  private final PrometheusMeterRegistry registry;
  private final Deque<AutoCloseable> closeOrder = new ArrayDeque<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private StorageEngine storage;

  private Node(NodeConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** Starts a node with the system clock. */
  public static Node start(NodeConfig config) throws Exception {
    return start(config, Clock.SYSTEM);
  }

  /** Starts a node; on failure everything already started is closed again. */
  public static Node start(NodeConfig config, Clock clock) throws Exception {
    Node node = new Node(config, clock);
    try {
      node.startAll();
      return node;
    } catch (Exception | Error e) {
      node.close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    long t0 = System.nanoTime();
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    NettyMemoryMetrics.bind(registry);

    log.info("opening storage in {}", config.dataDir().toAbsolutePath());
    storage = StorageEngine.open(config.storageConfig());
    closeOrder.push(storage);
    StorageMetrics.bind(storage, registry);

    // FACES: each face starts here, after storage and before the admin port reports ready. The
    // faces start side by side, each on its own thread (each binds its own ports and opens its own
    // segments; the storage engine is thread-safe), so a node is up after its slowest face rather
    // than after all of them in turn; their "listening" lines are then logged in a fixed order:
    //   FaceStart<XFace> x = FaceStart.begin("x", () -> XFace.start(storage, bind(...), ...));
    //   XFace face = awaitFace(x); ... listening("x", face.port());
    FaceStart<io.sluice.streams.StreamsFace> streamsStart =
        FaceStart.begin(
            "streams",
            () ->
                io.sluice.streams.StreamsFace.start(
                    storage,
                    bind(config.controllerPort()),
                    bind(config.segmentStorePort()),
                    clock,
                    io.sluice.streams.StreamsOptions.fromFlags(
                        config.streamsAuthUsers(),
                        config.streamsTlsCertificate(),
                        config.streamsTlsKey())));
    FaceStart<io.sluice.kv.KvFace> kvStart =
        FaceStart.begin(
            "kv",
            () ->
                io.sluice.kv.KvFace.start(
                    storage, bind(config.etcdPort()), clock, config.kvOptions()));
    FaceStart<io.sluice.sessions.SessionsFace> sessionsStart =
        FaceStart.begin(
            "sessions",
            () ->
                io.sluice.sessions.SessionsFace.start(
                    storage, bind(config.sessionsPort()), clock, config.sessionsOptions()));
    FaceStart<AdminServer> adminStart =
        FaceStart.begin(
            "admin", () -> AdminServer.start(bind(config.adminPort()), registry, ready::get));

    // wait for every face, even after one failed, so close() stops each one that did start
    List<Exception> failures = new ArrayList<>();
    io.sluice.streams.StreamsFace streams = awaitFace(streamsStart, failures);
    io.sluice.kv.KvFace kv = awaitFace(kvStart, failures);
    io.sluice.sessions.SessionsFace sessions = awaitFace(sessionsStart, failures);
    AdminServer admin = awaitFace(adminStart, failures);
    if (!failures.isEmpty()) {
      Exception first = failures.getFirst();
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
    listening("controller", streams.controllerPort());
    listening("segment-store", streams.segmentStorePort());
    listening("etcd", kv.port());
    sessions.bindMetrics(registry);
    listening("sessions", sessions.port());
    listening("admin", admin.port());

    ready.set(true);
    log.info(
        "Sluice node ready in {} ms (JVM up {} ms): {} (data dir {})",
        (System.nanoTime() - t0) / 1_000_000,
        java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime(),
        ports,
        config.dataDir().toAbsolutePath());
  }

  /**
   * Waits for a face's start; a face that started is registered for {@link #close} (the admin
   * server first, so it stops first), a failure is added to {@code failures} (the start throws the
   * first one, the later ones suppressed by it).
   */
  private <T extends AutoCloseable> T awaitFace(FaceStart<T> start, List<Exception> failures)
      throws InterruptedException {
    try {
      T face = start.await();
      onClose(face);
      return face;
    } catch (Exception e) {
      failures.add(e);
      return null;
    }
  }

  private InetSocketAddress bind(int port) {
    return new InetSocketAddress(config.listen(), port);
  }

  private void onClose(AutoCloseable c) {
    closeOrder.push(c);
  }

  private void listening(String name, int port) {
    ports.put(name, port);
    log.info("{} listening on {}:{}", name, config.listen(), port);
  }

  public NodeConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  /** Bound ports by listener name ({@code admin}, {@code etcd}, ...). */
  public Map<String, Integer> ports() {
    return Collections.unmodifiableMap(ports);
  }

  public StorageEngine storage() {
    return storage;
  }

  public boolean isReady() {
    return ready.get();
  }

  /** Blocks until {@link #close} has finished. */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ready.set(false);
    while (!closeOrder.isEmpty()) {
      AutoCloseable c = closeOrder.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("error while stopping {}", c, e);
      }
    }
    registry.close();
    log.info("Sluice node stopped");
    terminated.countDown();
  }
}
