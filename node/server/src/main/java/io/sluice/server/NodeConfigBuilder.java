package io.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sluice.storage.Durability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Builds a {@link NodeConfig} from the defaults, then a YAML file, then command-line flags, by key.
 * The keys are the flag names without their dashes ({@code data-dir}, {@code etcd-port}, ...); an
 * unknown key or a bad value is an {@link IllegalArgumentException} whose message names the key and
 * where it came from. Not thread-safe: one builder per start-up.
 */
public final class NodeConfigBuilder {
  /**
   * Every key: its name, the placeholder and one-line description {@code sluice server --help}
   * prints, and its parser. The one table behind the YAML keys, the flags and their help text.
   */
  public enum Key {
    DATA_DIR(
        "data-dir",
        "DIR",
        "data directory (default: ./sluice-data)",
        (b, v) -> b.dataDir = Path.of(v)),
    LISTEN(
        "listen",
        "HOST",
        "address every listener binds (default: 127.0.0.1)",
        (b, v) -> b.listen = v),
    ADMIN_PORT(
        "admin-port",
        "PORT",
        "HTTP /health and /metrics (default: 9400; 0 = any free port)",
        (b, v) -> b.adminPort = port(v)),
    CONTROLLER_PORT(
        "controller-port",
        "PORT",
        "streams: Pravega controller gRPC (default: 9090)",
        (b, v) -> b.controllerPort = port(v)),
    SEGMENT_STORE_PORT(
        "segment-store-port",
        "PORT",
        "streams: Pravega segment store (default: 12345)",
        (b, v) -> b.segmentStorePort = port(v)),
    STREAMS_AUTH_USERS(
        "streams-auth-users",
        "USER:PASSWORD[,...]",
        "streams: turn auth on with these users (default: off)",
        (b, v) -> b.streamsAuthUsers = v),
    STREAMS_TLS_CERTIFICATE(
        "streams-tls-certificate",
        "PEM",
        "streams: TLS certificate chain for both ports (default: plain TCP)",
        (b, v) -> b.streamsTlsCertificate = v),
    STREAMS_TLS_KEY(
        "streams-tls-key",
        "PEM",
        "streams: PKCS#8 private key of --streams-tls-certificate",
        (b, v) -> b.streamsTlsKey = v),
    ETCD_PORT(
        "etcd-port", "PORT", "KV: etcd v3 gRPC (default: 2379)", (b, v) -> b.etcdPort = port(v)),
    ETCD_AUTO_COMPACTION_MODE(
        "etcd-auto-compaction-mode",
        "MODE",
        "KV: periodic or revision, as etcd (default: periodic)",
        (b, v) -> b.etcdCompactionMode = v),
    ETCD_AUTO_COMPACTION_RETENTION(
        "etcd-auto-compaction-retention",
        "RETENTION",
        "KV: periodic: a duration (1h, 30m; bare number = hours); revision: revisions kept;"
            + " 0 = off (default: 0)",
        (b, v) -> b.etcdCompactionRetention = v),
    ETCD_QUOTA_BACKEND_BYTES(
        "etcd-quota-backend-bytes",
        "SIZE",
        "KV: NOSPACE alarm above this much stored history (default: 0 = 2GiB; -1 = none)",
        (b, v) -> b.etcdQuotaBytes = v.startsWith("-") ? Long.parseLong(v) : ByteSize.parse(v)),
    ETCD_MAX_REQUEST_BYTES(
        "etcd-max-request-bytes",
        "SIZE",
        "KV: largest request accepted (default: 1.5MiB)",
        (b, v) -> b.etcdMaxRequestBytes = ByteSize.parse(v)),
    ETCD_MAX_TXN_OPS(
        "etcd-max-txn-ops",
        "N",
        "KV: most operations in one txn (default: 128)",
        (b, v) -> b.etcdMaxTxnOps = Integer.parseInt(v)),
    KV_POLL_US(
        "kv-poll-us",
        "MICROS",
        "KV: how long an event loop polls for the next request before it sleeps; 0 = never"
            + " (default: "
            + io.sluice.kv.KvOptions.DEFAULT_POLL_MICROS
            + ")",
        (b, v) -> b.kvPollMicros = Integer.parseInt(v)),
    SESSIONS_PORT(
        "sessions-port",
        "PORT",
        "sessions gRPC (default: 9300)",
        (b, v) -> b.sessionsPort = port(v)),
    SESSIONS_KINDS(
        "sessions-kinds",
        "KINDS",
        "sessions: kinds defined at start, ';'-separated, each KIND[:OPTION,...] with options"
            + " timeout=30s, max-attempts=N, dead-letter=K, jitter=D, endpoint=tcp://HOST:PORT,"
            + " request-timeout=10s, in-flight=N; with an endpoint the node hands the kind's due"
            + " sessions to that SP REP peer (default: none)",
        (b, v) -> b.sessionsKinds = v),
    CACHE_BYTES(
        "cache-bytes",
        "SIZE",
        "storage read-cache limit, on the heap: raise -Xmx with it (SLUICE_JAVA_OPTS), e.g."
            + " 256MiB (default: 16MiB)",
        (b, v) -> b.cacheBytes = ByteSize.parse(v)),
    FLUSH_INTERVAL(
        "flush-interval",
        "DURATION",
        "storage: copy logged bytes from the cache into segment files at least this often,"
            + " e.g. 1s (default: 100ms)",
        (b, v) -> b.flushInterval = millis(v)),
    WAL_FILE_BYTES(
        "wal-file-bytes",
        "SIZE",
        "write-ahead-log file size (default: 64MiB)",
        (b, v) -> b.walFileBytes = ByteSize.parse(v)),
    DURABILITY(
        "durability",
        "MODE",
        "forced (default: acknowledge after fsync) or written-not-forced (NOT durable on power"
            + " loss)",
        (b, v) -> b.durability = durability(v));

    private final String name;
    private final String label;
    private final String description;
    private final BiConsumer<NodeConfigBuilder, String> apply;

    Key(
        String name,
        String label,
        String description,
        BiConsumer<NodeConfigBuilder, String> apply) {
      this.name = name;
      this.label = label;
      this.description = description;
      this.apply = apply;
    }

    /** The key as written in YAML and, with two dashes, as a flag. */
    public String key() {
      return name;
    }

    /** What the value looks like, for help text ({@code PORT}, {@code SIZE}, ...). */
    public String label() {
      return label;
    }

    /** One line saying what the key does and its default, for help text. */
    public String description() {
      return description;
    }

    /** The key called {@code name}, or null if there is none. */
    public static Key of(String name) {
      for (Key k : values()) {
        if (k.name.equals(name)) {
          return k;
        }
      }
      return null;
    }
  }

  private Path dataDir;
  private String listen;
  private int adminPort;
  private int controllerPort;
  private int segmentStorePort;
  private int etcdPort;
  private int sessionsPort;
  private String sessionsKinds;
  private long cacheBytes;
  private long walFileBytes;
  private Durability durability;
  private String streamsAuthUsers;
  private String streamsTlsCertificate;
  private String streamsTlsKey;
  private String etcdCompactionMode;
  private String etcdCompactionRetention;
  private long etcdQuotaBytes;
  private long etcdMaxRequestBytes;
  private int etcdMaxTxnOps;
  private java.time.Duration flushInterval;
  private int kvPollMicros;

  public NodeConfigBuilder() {
    NodeConfig d = NodeConfig.defaults();
    dataDir = d.dataDir();
    listen = d.listen();
    adminPort = d.adminPort();
    controllerPort = d.controllerPort();
    segmentStorePort = d.segmentStorePort();
    etcdPort = d.etcdPort();
    sessionsPort = d.sessionsPort();
    sessionsKinds = d.sessionsKinds();
    cacheBytes = d.cacheBytes();
    walFileBytes = d.walFileBytes();
    durability = d.durability();
    streamsAuthUsers = d.streamsAuthUsers();
    streamsTlsCertificate = d.streamsTlsCertificate();
    streamsTlsKey = d.streamsTlsKey();
    etcdCompactionMode = d.etcdAutoCompactionMode();
    etcdCompactionRetention = d.etcdAutoCompactionRetention();
    etcdQuotaBytes = d.etcdQuotaBackendBytes();
    etcdMaxRequestBytes = d.etcdMaxRequestBytes();
    etcdMaxTxnOps = d.etcdMaxTxnOps();
    flushInterval = d.flushInterval();
    kvPollMicros = d.kvPollMicros();
  }

  /** Sets one key; {@code source} says where the value came from, for error messages. */
  public NodeConfigBuilder set(String key, String value, String source) {
    Key k = Key.of(key);
    if (k == null) {
      throw new IllegalArgumentException(
          source + ": unknown key '" + key + "'; known keys: " + knownKeys());
    }
    try {
      k.apply.accept(this, value.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          source + ": bad value '" + value + "' for " + key + ": " + e.getMessage(), e);
    }
    return this;
  }

  /** Applies every key of a YAML file (a flat mapping); unknown keys are an error. */
  public NodeConfigBuilder loadYaml(Path file) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
    if (root == null || root.isMissingNode() || root.isNull()) {
      return this;
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(file + ": expected a mapping of keys to values");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isValueNode()) {
        throw new IllegalArgumentException(
            file + ": key '" + e.getKey() + "' must have a plain value, not a list or mapping");
      }
      set(e.getKey(), e.getValue().asText(), file.toString());
    }
    return this;
  }

  public NodeConfig build() {
    return new NodeConfig(
        dataDir,
        listen,
        adminPort,
        controllerPort,
        segmentStorePort,
        etcdPort,
        sessionsPort,
        sessionsKinds,
        cacheBytes,
        walFileBytes,
        durability,
        streamsAuthUsers,
        streamsTlsCertificate,
        streamsTlsKey,
        etcdCompactionMode,
        etcdCompactionRetention,
        etcdQuotaBytes,
        etcdMaxRequestBytes,
        etcdMaxTxnOps,
        flushInterval,
        kvPollMicros);
  }

  private static String knownKeys() {
    return Arrays.stream(Key.values()).map(Key::key).collect(Collectors.joining(", "));
  }

  private static int port(String v) {
    return Integer.parseInt(v);
  }

  /** {@code 200ms}, {@code 1s}, {@code 2m} or a bare number of milliseconds. */
  private static java.time.Duration millis(String v) {
    String s = v.toLowerCase(Locale.ROOT);
    try {
      if (s.endsWith("ms")) {
        return java.time.Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      } else if (s.endsWith("s")) {
        return java.time.Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      } else if (s.endsWith("m")) {
        return java.time.Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      }
      return java.time.Duration.ofMillis(Long.parseLong(s));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a duration: '" + v + "' (e.g. 200ms, 1s)", e);
    }
  }

  private static Durability durability(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "forced" -> Durability.FORCED;
      case "written-not-forced" -> Durability.WRITTEN_NOT_FORCED;
      default ->
          throw new IllegalArgumentException(
              "expected 'forced' or 'written-not-forced' (not durable)");
    };
  }
}
