package io.sluice.cli;

import com.google.protobuf.ByteString;
import io.grpc.netty.NettyChannelBuilder;
import io.sluice.kv.proto.etcdserverpb.KVGrpc;
import io.sluice.kv.proto.etcdserverpb.PutRequest;
import io.sluice.kv.proto.etcdserverpb.RangeRequest;
import io.sluice.server.Node;
import io.sluice.server.NodeConfig;
import io.sluice.server.NodeConfigBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice exercise} (hidden): starts a throw-away node in a temporary directory on free
 * ports, makes each face's first requests through the command line's own clients (create a scope
 * and a stream and write to it, read it back, then ~10^5 appends and their reads through the
 * segment store, {@link ExerciseStreams}; define a session kind, open a session and append to it;
 * an etcd put and range, then 4,000 puts alone and as many from 64 callers), stops the node and
 * deletes the directory. The launcher runs it once as the JVM's training run, so the start-up cache
 * ({@code -XX:AOTCacheOutput}) holds the classes and method profiles of a start and of a node's
 * first requests.
 *
 * <p>The clients run in a child JVM ({@code exercise --clients-of=face=port,...}, same JDK and
 * classpath, no cache), so the cache holds the node's classes only: a node maps the whole cache at
 * start and keeps it resident, and the ~1,250 classes of the command line's clients, which a node
 * never loads, made it ~25% larger. Exit 0 when every step worked. Not thread-safe (one run per
 * process; it swaps {@code System.in}/{@code System.out}).
 */
@Command(
    name = "exercise",
    hidden = true,
    description = "Starts a throw-away node, makes each face's first requests, stops it.")
public final class ExerciseCommand implements Callable<Integer> {
  private static final long CLIENTS_TIMEOUT_SECONDS = 120;

  /** KV puts of the training run, one at a time and again spread over {@link #KV_CALLERS}. */
  private static final int KV_PUTS = 4_000;

  private static final int KV_CALLERS = 64;

  @Option(
      names = "--clients-of",
      description = "Only make the clients' requests, to a node on these ports (controller=P,...).")
  private String clientsOf;

  @Override
  public Integer call() throws Exception {
    if (clientsOf != null) {
      Map<String, Integer> ports = parsePorts(clientsOf);
      if (ports == null) {
        System.err.println(
            "exercise: --clients-of needs controller=P,segment-store=P,sessions=P,etcd=P (ports"
                + " 1-65535), got '"
                + clientsOf
                + "'");
        return 2;
      }
      return streams(ports) + sessions(ports) + kv(ports) == 0 ? 0 : 1;
    }
    Path dir = Files.createTempDirectory("sluice-exercise-");
    try {
      try (Node node = Node.start(throwAwayNode(dir.resolve("data")))) {
        return clientsInChildJvm(node.ports());
      }
    } finally {
      deleteTree(dir);
    }
  }

  /** A node's defaults with its data in {@code dataDir} and every port picked free (0). */
  static NodeConfig throwAwayNode(Path dataDir) {
    NodeConfigBuilder b = new NodeConfigBuilder();
    b.set("data-dir", dataDir.toString(), "exercise");
    for (String port :
        new String[] {
          "admin-port", "controller-port", "segment-store-port", "etcd-port", "sessions-port"
        }) {
      b.set(port, "0", "exercise");
    }
    return b.build();
  }

  /**
   * The ports of {@code name=port,...}, or null unless it names a port from 1 to 65535 for each of
   * the faces the clients call (controller, segment-store, sessions, etcd; others are allowed and
   * ignored).
   */
  static Map<String, Integer> parsePorts(String spec) {
    Map<String, Integer> ports = new HashMap<>();
    for (String pair : spec.split(",")) {
      String[] kv = pair.split("=", 2);
      if (kv.length != 2 || !kv[1].matches("[0-9]{1,5}")) {
        return null;
      }
      int port = Integer.parseInt(kv[1]);
      if (port < 1 || port > 65535) {
        return null;
      }
      ports.put(kv[0], port);
    }
    return ports.keySet().containsAll(List.of("controller", "segment-store", "sessions", "etcd"))
        ? ports
        : null;
  }

  /** Runs {@code exercise --clients-of=...} in a child JVM; its exit code. */
  private static int clientsInChildJvm(Map<String, Integer> ports)
      throws IOException, InterruptedException {
    StringBuilder arg = new StringBuilder("--clients-of=");
    ports.forEach((name, port) -> arg.append(name).append('=').append(port).append(','));
    arg.setLength(arg.length() - 1);
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            SluiceCli.class.getName(),
            "exercise",
            arg.toString());
    Process child = new ProcessBuilder(command).inheritIO().start();
    if (!child.waitFor(CLIENTS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      child.destroyForcibly().waitFor();
      System.err.println("exercise: the clients took over " + CLIENTS_TIMEOUT_SECONDS + " s");
      return 1;
    }
    return child.exitValue() == 0 ? 0 : 1;
  }

  private static int streams(Map<String, Integer> ports) {
    String controller = "--controller=127.0.0.1:" + ports.get("controller");
    int failures = cli("stream", "create-scope", controller, "exercise");
    failures += cli("stream", "create", controller, "exercise/s", "--segments=1");
    InputStream in = System.in;
    System.setIn(new ByteArrayInputStream("one\ntwo\n".getBytes(StandardCharsets.UTF_8)));
    try {
      failures += cli("stream", "write", controller, "exercise/s");
    } finally {
      System.setIn(in);
    }
    failures += cli("stream", "read", controller, "exercise/s");
    // real streams traffic, so the cache holds the append and read paths' method profiles
    failures += cli("stream", "create", controller, "exercise/one", "--segments=1");
    failures +=
        cli(
            "stream",
            "create",
            controller,
            "exercise/many",
            "--segments=" + ExerciseStreams.WRITERS);
    try {
      return failures
          + ExerciseStreams.run(ports.get("segment-store"), "exercise/one", "exercise/many");
    } catch (Exception e) {
      System.err.println("exercise: streams traffic failed: " + e);
      return failures + 1;
    }
  }

  private static int sessions(Map<String, Integer> ports) {
    String server = "--server=127.0.0.1:" + ports.get("sessions");
    int failures = cli("session", "kind", server, "--kind=1", "--timeout=30s");
    PrintStream out = System.out;
    ByteArrayOutputStream opened = new ByteArrayOutputStream();
    System.setOut(new PrintStream(opened, true, StandardCharsets.UTF_8));
    try {
      failures += cli("session", "open", server, "--kind=1");
    } finally {
      System.setOut(out);
    }
    String id = opened.toString(StandardCharsets.UTF_8).trim();
    return failures + (id.isEmpty() ? 1 : cli("session", "append", server, id, "record"));
  }

  private static int kv(Map<String, Integer> ports) throws InterruptedException {
    var channel =
        NettyChannelBuilder.forAddress("127.0.0.1", ports.get("etcd")).usePlaintext().build();
    try {
      var kv = KVGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
      ByteString key = ByteString.copyFromUtf8("exercise");
      kv.put(PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8("v")).build());
      long found = kv.range(RangeRequest.newBuilder().setKey(key).build()).getCount();
      // puts one at a time and from many callers at once, so the profiles of the engine's shared
      // write path (which the streams traffic also trains) hold the KV face's calls as well
      ByteString value = ByteString.copyFrom(new byte[256]);
      for (int i = 0; i < KV_PUTS; i++) {
        kv.put(PutRequest.newBuilder().setKey(kvKey(i)).setValue(value).build());
      }
      ExecutorService pool = Executors.newFixedThreadPool(KV_CALLERS);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < KV_CALLERS; c++) {
          int caller = c;
          done.add(
              pool.submit(
                  () -> {
                    var stub =
                        KVGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
                    for (int i = 0; i < KV_PUTS / KV_CALLERS; i++) {
                      stub.put(
                          PutRequest.newBuilder()
                              .setKey(kvKey(caller * KV_PUTS + i))
                              .setValue(value)
                              .build());
                    }
                  }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } catch (ExecutionException e) {
        System.err.println("exercise: KV puts failed: " + e.getCause());
        return 1;
      } finally {
        pool.shutdownNow();
      }
      return found == 1 ? 0 : 1;
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static ByteString kvKey(int i) {
    return ByteString.copyFromUtf8(String.format("ex%06d", i));
  }

  private static int cli(String... args) {
    return SluiceCli.run(args) == 0 ? 0 : 1;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
