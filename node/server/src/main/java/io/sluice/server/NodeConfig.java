package io.sluice.server;

import io.sluice.storage.Durability;
import io.sluice.storage.StorageConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a node can be told, as one immutable value with named defaults. Every field is a
 * command-line flag of {@code sluice server} and a key of the YAML file given with {@code --config}
 * (the same name: {@code --data-dir} and {@code data-dir:}); flags override the file, the file
 * overrides the defaults. Port 0 means "pick a free port" (the node logs what it bound).
 *
 * @param dataDir the data directory the node owns
 * @param listen the address every listener binds to
 * @param adminPort HTTP: /health and /metrics
 * @param controllerPort streams face, Pravega controller gRPC
 * @param segmentStorePort streams face, Pravega segment-store wire protocol
 * @param etcdPort KV face, etcd v3 gRPC
 * @param sessionsPort sessions face, gRPC sluice.sessions.v1
 * @param sessionsKinds sessions face: kinds (re)defined at every start, optionally each with an SP
 *     endpoint the node dials to hand out the kind's due sessions; the text form of {@code
 *     io.sluice.sessions.KindsConfig}, e.g. {@code
 *     1:timeout=30s,max-attempts=5,dead-letter=0;2:endpoint=tcp://127.0.0.1:5555}; empty = none
 * @param cacheBytes the storage engine's read-cache limit
 * @param walFileBytes the size at which a write-ahead-log file is rolled over
 * @param durability when writes are acknowledged (FORCED unless relaxed on purpose)
 * @param streamsAuthUsers streams face: {@code user:password[,user:password...]} turns auth on
 *     (Basic/Bearer credentials on the controller, delegation tokens on the segment store); empty =
 *     auth off
 * @param streamsTlsCertificate streams face: PEM certificate chain for TLS on both of its ports;
 *     empty = plain TCP
 * @param streamsTlsKey streams face: PEM (PKCS#8) private key of that certificate
 * @param etcdAutoCompactionMode KV face: etcd's --auto-compaction-mode, periodic or revision
 * @param etcdAutoCompactionRetention KV face: etcd's --auto-compaction-retention (a duration such
 *     as 1h or a bare number of hours for periodic, a revision count for revision; 0 = off)
 * @param etcdQuotaBackendBytes KV face: etcd's --quota-backend-bytes (0 = 2 GiB, -1 = none)
 * @param etcdMaxRequestBytes KV face: etcd's --max-request-bytes
 * @param etcdMaxTxnOps KV face: etcd's --max-txn-ops
 * @param flushInterval how often the storage engine copies logged bytes out of its cache into
 *     segment files at the latest (it also flushes whenever the cache is full of unflushed bytes)
 * @param kvPollMicros KV face: how long its event loops poll for the next request before they
 *     sleep, in microseconds (0 = never)
 */
public record NodeConfig(
    Path dataDir,
    String listen,
    int adminPort,
    int controllerPort,
    int segmentStorePort,
    int etcdPort,
    int sessionsPort,
    String sessionsKinds,
    long cacheBytes,
    long walFileBytes,
    Durability durability,
    String streamsAuthUsers,
    String streamsTlsCertificate,
    String streamsTlsKey,
    String etcdAutoCompactionMode,
    String etcdAutoCompactionRetention,
    long etcdQuotaBackendBytes,
    long etcdMaxRequestBytes,
    int etcdMaxTxnOps,
    java.time.Duration flushInterval,
    int kvPollMicros) {

  public static final Path DEFAULT_DATA_DIR = Path.of("sluice-data");
  public static final String DEFAULT_LISTEN = "127.0.0.1";
  public static final int DEFAULT_ADMIN_PORT = 9400;
  public static final int DEFAULT_CONTROLLER_PORT = 9090;
  public static final int DEFAULT_SEGMENT_STORE_PORT = 12345;
  public static final int DEFAULT_ETCD_PORT = 2379;
  public static final int DEFAULT_SESSIONS_PORT = 9300;

  /**
   * The node's read cache: 16 MiB, on the heap, so a small node stays small (the heap starts at 32
   * MiB and grows as needed, see {@code jvm.options}). Reads beyond it come from segment files
   * through the OS page cache (not part of the node's resident memory) and the engine's read-ahead.
   * Every appended byte passes through the cache until it is flushed: with 64 MiB the old
   * generation held 90-160 MB right after the streams benchmark, with 16 MiB 40-82 MB, and the
   * node's resident memory fell by ~90 MB with the log buffer change (see {@code jvm.options}).
   * Larger nodes raise it with {@code --cache-bytes} and {@code -Xmx}.
   */
  public static final long DEFAULT_CACHE_BYTES = 16L << 20;

  /**
   * The node's flush interval: 100 ms (the engine's own default is 1 s), so that with the small
   * cache the bytes waiting to be copied into segment files stay below the cache size at the rates
   * one node takes (~16 MB per interval at 160 MB/s), and the log writer seldom waits for the
   * flusher.
   */
  public static final java.time.Duration DEFAULT_FLUSH_INTERVAL = java.time.Duration.ofMillis(100);

  public NodeConfig {
    Objects.requireNonNull(dataDir, "data-dir");
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(streamsAuthUsers, "streams-auth-users");
    Objects.requireNonNull(streamsTlsCertificate, "streams-tls-certificate");
    Objects.requireNonNull(streamsTlsKey, "streams-tls-key");
    if (streamsTlsCertificate.isBlank() != streamsTlsKey.isBlank()) {
      throw new IllegalArgumentException(
          "streams-tls-certificate and streams-tls-key: give both or neither");
    }
    if (listen.isBlank()) {
      throw new IllegalArgumentException("listen: must be a host name or address");
    }
    checkPort("admin-port", adminPort);
    checkPort("controller-port", controllerPort);
    checkPort("segment-store-port", segmentStorePort);
    checkPort("etcd-port", etcdPort);
    checkPort("sessions-port", sessionsPort);
    Objects.requireNonNull(sessionsKinds, "sessions-kinds");
    try {
      io.sluice.sessions.KindsConfig.parse(sessionsKinds);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sessions-kinds: " + e.getMessage(), e);
    }
    if (cacheBytes < (1 << 20)) {
      throw new IllegalArgumentException("cache-bytes: must be at least 1 MiB, was " + cacheBytes);
    }
    if (walFileBytes < (1 << 20)) {
      throw new IllegalArgumentException(
          "wal-file-bytes: must be at least 1 MiB, was " + walFileBytes);
    }
    Objects.requireNonNull(etcdAutoCompactionMode, "etcd-auto-compaction-mode");
    Objects.requireNonNull(etcdAutoCompactionRetention, "etcd-auto-compaction-retention");
    try {
      io.sluice.kv.KvOptions.builder()
          .autoCompaction(etcdAutoCompactionMode, etcdAutoCompactionRetention);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("etcd-auto-compaction-*: " + e.getMessage(), e);
    }
    if (etcdMaxRequestBytes < 1 || etcdMaxRequestBytes > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException(
          "etcd-max-request-bytes: must be 1..1GiB, was " + etcdMaxRequestBytes);
    }
    Objects.requireNonNull(flushInterval, "flush-interval");
    if (flushInterval.toMillis() < 1 || flushInterval.toSeconds() > 3600) {
      throw new IllegalArgumentException(
          "flush-interval: must be 1ms..1h, was " + flushInterval.toMillis() + "ms");
    }
    if (etcdMaxTxnOps < 1) {
      throw new IllegalArgumentException(
          "etcd-max-txn-ops: must be at least 1, was " + etcdMaxTxnOps);
    }
    if (kvPollMicros < 0 || kvPollMicros > io.sluice.kv.KvOptions.MAX_POLL_MICROS) {
      throw new IllegalArgumentException(
          "kv-poll-us: must be 0.."
              + io.sluice.kv.KvOptions.MAX_POLL_MICROS
              + ", was "
              + kvPollMicros);
    }
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + ": must be 0..65535, was " + port);
    }
  }

  /** The defaults: {@code ./sluice-data}, loopback, the well-known ports. */
  public static NodeConfig defaults() {
    return new NodeConfig(
        DEFAULT_DATA_DIR,
        DEFAULT_LISTEN,
        DEFAULT_ADMIN_PORT,
        DEFAULT_CONTROLLER_PORT,
        DEFAULT_SEGMENT_STORE_PORT,
        DEFAULT_ETCD_PORT,
        DEFAULT_SESSIONS_PORT,
        "",
        DEFAULT_CACHE_BYTES,
        StorageConfig.DEFAULT_WAL_FILE_SIZE,
        Durability.FORCED,
        "",
        "",
        "",
        "periodic",
        "0",
        0,
        io.sluice.kv.KvOptions.DEFAULT_MAX_REQUEST_BYTES,
        io.sluice.kv.KvOptions.DEFAULT_MAX_TXN_OPS,
        DEFAULT_FLUSH_INTERVAL,
        io.sluice.kv.KvOptions.DEFAULT_POLL_MICROS);
  }

  /** The KV face's options for this node. */
  public io.sluice.kv.KvOptions kvOptions() {
    return io.sluice.kv.KvOptions.builder()
        .autoCompaction(etcdAutoCompactionMode, etcdAutoCompactionRetention)
        .quotaBackendBytes(etcdQuotaBackendBytes)
        .maxRequestBytes((int) etcdMaxRequestBytes)
        .maxTxnOps(etcdMaxTxnOps)
        .pollMicros(kvPollMicros)
        .build();
  }

  /** The storage engine's configuration for this node. */
  public StorageConfig storageConfig() {
    long walFile = Math.max(walFileBytes, 2L * StorageConfig.DEFAULT_MAX_APPEND_BYTES);
    return StorageConfig.builder(dataDir)
        .cacheBytes(cacheBytes)
        .walFileSize(walFile)
        .durability(durability)
        .flushInterval(flushInterval)
        .build();
  }

  /** The sessions face's options for this node. */
  public io.sluice.sessions.SessionsOptions sessionsOptions() {
    return io.sluice.sessions.SessionsOptions.builder()
        .kindsConfig(io.sluice.sessions.KindsConfig.parse(sessionsKinds))
        .build();
  }
}
