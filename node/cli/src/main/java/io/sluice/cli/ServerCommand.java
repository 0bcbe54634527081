package io.sluice.cli;

import io.sluice.server.Node;
import io.sluice.server.NodeConfig;
import io.sluice.server.NodeConfigBuilder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice server}: runs a node in the foreground until SIGTERM or SIGINT, then stops it
 * cleanly. Flags override the YAML file given with {@code --config}; both use the same key names.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a Sluice node with embedded defaults (data in ./sluice-data, listeners on 127.0.0.1).",
      "Logs a line containing 'Sluice node ready' once every listener is up.",
      "Every flag is also a key of the --config YAML file (same name, no dashes); flags win."
    })
public final class ServerCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML file of keys (data-dir: ..., etcd-port: ...)")
  Path config;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "data directory (default: ./sluice-data)")
  String dataDir;

  @Option(
      names = "--listen",
      paramLabel = "HOST",
      description = "address every listener binds (default: 127.0.0.1)")
  String listen;

  @Option(
      names = "--admin-port",
      paramLabel = "PORT",
      description = "HTTP /health and /metrics (default: 9400; 0 = any free port)")
  String adminPort;

  @Option(
      names = "--controller-port",
      paramLabel = "PORT",
      description = "streams: Pravega controller gRPC (default: 9090)")
  String controllerPort;

  @Option(
      names = "--segment-store-port",
      paramLabel = "PORT",
      description = "streams: Pravega segment store (default: 12345)")
  String segmentStorePort;

  @Option(
      names = "--streams-auth-users",
      paramLabel = "USER:PASSWORD[,...]",
      description = "streams: turn auth on with these users (default: off)")
  String streamsAuthUsers;

  @Option(
      names = "--streams-tls-certificate",
      paramLabel = "PEM",
      description = "streams: TLS certificate chain for both ports (default: plain TCP)")
  String streamsTlsCertificate;

  @Option(
      names = "--streams-tls-key",
      paramLabel = "PEM",
      description = "streams: PKCS#8 private key of --streams-tls-certificate")
  String streamsTlsKey;

  @Option(
      names = "--etcd-port",
      paramLabel = "PORT",
      description = "KV: etcd v3 gRPC (default: 2379)")
  String etcdPort;

  @Option(
      names = "--etcd-auto-compaction-mode",
      paramLabel = "MODE",
      description = "KV: periodic or revision, as etcd (default: periodic)")
  String etcdAutoCompactionMode;

  @Option(
      names = "--etcd-auto-compaction-retention",
      paramLabel = "RETENTION",
      description =
          "KV: periodic: a duration (1h, 30m; bare number = hours); revision: revisions kept;"
              + " 0 = off (default: 0)")
  String etcdAutoCompactionRetention;

  @Option(
      names = "--etcd-quota-backend-bytes",
      paramLabel = "SIZE",
      description =
          "KV: NOSPACE alarm above this much stored history (default: 0 = 2GiB; -1 = none)")
  String etcdQuotaBackendBytes;

  @Option(
      names = "--etcd-max-request-bytes",
      paramLabel = "SIZE",
      description = "KV: largest request accepted (default: 1.5MiB)")
  String etcdMaxRequestBytes;

  @Option(
      names = "--etcd-max-txn-ops",
      paramLabel = "N",
      description = "KV: most operations in one txn (default: 128)")
  String etcdMaxTxnOps;

  @Option(
      names = "--sessions-port",
      paramLabel = "PORT",
      description = "sessions gRPC (default: 9300)")
  String sessionsPort;

  @Option(
      names = "--sessions-kinds",
      paramLabel = "KINDS",
      description =
          "sessions: kinds defined at start, ';'-separated, each KIND[:timeout=30s,max-attempts=N,"
              + "dead-letter=K,jitter=D,endpoint=tcp://HOST:PORT,request-timeout=10s,in-flight=N];"
              + " with an endpoint the node hands the kind's due sessions to that SP REP peer"
              + " (default: none)")
  String sessionsKinds;

  @Option(
      names = "--cache-bytes",
      paramLabel = "SIZE",
      description =
          "storage read-cache limit, on the heap: raise -Xmx with it (SLUICE_JAVA_OPTS), e.g."
              + " 256MiB (default: 64MiB)")
  String cacheBytes;

  @Option(
      names = "--flush-interval",
      paramLabel = "DURATION",
      description =
          "storage: copy logged bytes from the cache into segment files at least this often,"
              + " e.g. 1s (default: 200ms)")
  String flushInterval;

  @Option(
      names = "--wal-file-bytes",
      paramLabel = "SIZE",
      description = "write-ahead-log file size (default: 64MiB)")
  String walFileBytes;

  @Option(
      names = "--durability",
      paramLabel = "MODE",
      description =
          "forced (default: acknowledge after fsync) or written-not-forced (NOT durable on power loss)")
  String durability;

  @Override
  public Integer call() throws Exception {
    NodeConfig cfg;
    try {
      cfg = buildConfig();
    } catch (IllegalArgumentException e) {
      System.err.println("sluice server: " + e.getMessage());
      return 2;
    }
    Node node;
    try {
      node = Node.start(cfg);
    } catch (Exception e) {
      System.err.println("sluice server: could not start: " + e);
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "sluice-shutdown"));
    node.awaitTermination();
    return 0;
  }

  NodeConfig buildConfig() throws java.io.IOException {
    NodeConfigBuilder b = new NodeConfigBuilder();
    if (config != null) {
      b.loadYaml(config);
    }
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("data-dir", dataDir);
    flags.put("listen", listen);
    flags.put("admin-port", adminPort);
    flags.put("controller-port", controllerPort);
    flags.put("segment-store-port", segmentStorePort);
    flags.put("etcd-port", etcdPort);
    flags.put("sessions-port", sessionsPort);
    flags.put("sessions-kinds", sessionsKinds);
    flags.put("cache-bytes", cacheBytes);
    flags.put("wal-file-bytes", walFileBytes);
    flags.put("flush-interval", flushInterval);
    flags.put("durability", durability);
    flags.put("streams-auth-users", streamsAuthUsers);
    flags.put("streams-tls-certificate", streamsTlsCertificate);
    flags.put("streams-tls-key", streamsTlsKey);
    flags.put("etcd-auto-compaction-mode", etcdAutoCompactionMode);
    flags.put("etcd-auto-compaction-retention", etcdAutoCompactionRetention);
    flags.put("etcd-quota-backend-bytes", etcdQuotaBackendBytes);
    flags.put("etcd-max-request-bytes", etcdMaxRequestBytes);
    flags.put("etcd-max-txn-ops", etcdMaxTxnOps);
    flags.forEach(
        (k, v) -> {
          if (v != null) {
            b.set(k, v, "--" + k);
          }
        });
    return b.build();
  }
}
