package io.sluice.bench.kv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts the two servers as child processes on loopback: a real etcd and a Sluice node. */
final class Servers {
  private Servers() {}

  /** A started server: its client port and the process to stop. */
  record Started(String name, int port, Process process) implements AutoCloseable {
    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** etcd with its defaults (fsync on every commit), as the Debian package installs it. */
  static Started etcd(String binary, Path dataDir) throws IOException {
    int client = freePort();
    int peer = freePort();
    String c = "http://127.0.0.1:" + client;
    String p = "http://127.0.0.1:" + peer;
    Process proc =
        new ProcessBuilder(
                binary,
                "--name=default",
                "--data-dir=" + dataDir,
                "--listen-client-urls=" + c,
                "--advertise-client-urls=" + c,
                "--listen-peer-urls=" + p,
                "--initial-advertise-peer-urls=" + p,
                "--initial-cluster=default=" + p,
                "--log-level=error")
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolveSibling("etcd.log").toFile())
            .start();
    return new Started("etcd", client, proc);
  }

  /**
   * A Sluice node from the built distribution (node/cli/target), durability forced (default), with
   * the JVM that {@code ./sluice server} gives it: the launcher's own scripts ({@code
   * scripts/node-jvm.sh}) pick the flags of the distribution's {@code jvm.options} and its AOT
   * start-up cache, and {@code extraJvm} comes after them (as {@code SLUICE_JAVA_OPTS} does, so
   * e.g. the last {@code -Xmx} wins); {@code nodeArgs} are added to the node's command line (flags
   * without spaces in their values). The cache is made first, in the foreground, when it is missing
   * or stale, so no training run competes with the benchmark.
   */
  static Started sluice(
      String javaHome,
      Path scripts,
      Path dist,
      Path dataDir,
      List<String> extraJvm,
      List<String> nodeArgs)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(dist.resolve("sluice-cli.jar"))) {
      throw new IllegalStateException(
          "no Sluice distribution in "
              + dist
              + ": build it first (./mvnw -pl node/cli -am install)");
    }
    if (!Files.isRegularFile(scripts.resolve("node-jvm.sh"))) {
      throw new IllegalStateException(
          "no launcher scripts in " + scripts + ": run from the project root or pass --scripts");
    }
    Process cache =
        new ProcessBuilder(
                scripts.resolve("make-start-cache.sh").toString(), dist.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolveSibling("start-cache.log").toFile())
            .start();
    cache.getOutputStream().close();
    if (!cache.waitFor(5, TimeUnit.MINUTES)) {
      cache.destroyForcibly();
    }
    String launch =
        "here=\"$1\"; dist=\"$2\"; shift 2; . \"$here/find-jdk.sh\"; sluice_find_jdk || exit 1;"
            + " . \"$here/node-jvm.sh\"; sluice_jvm_flags; sluice_classpath;"
            + " echo \"node JVM flags: ${SLUICE_JVM[*]} $*\";"
            + " exec \"$JAVA_HOME/bin/java\" \"${SLUICE_JVM[@]}\" \"$@\" -cp \"$SLUICE_CP\""
            + " io.sluice.cli.SluiceCli server --data-dir=\"$DATA\" --admin-port=0 --etcd-port=0"
            + " --controller-port=0 --segment-store-port=0 --sessions-port=0 $NODE_ARGS";
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            "bash",
            "-c",
            launch,
            "sluice-node",
            scripts.toAbsolutePath().toString(),
            dist.toAbsolutePath().toString()));
    cmd.addAll(extraJvm);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", javaHome);
    pb.environment().put("DATA", dataDir.toString());
    pb.environment().put("NODE_ARGS", String.join(" ", nodeArgs));
    Process proc = pb.start();
    Pattern etcdLine = Pattern.compile("etcd listening on \\S+:(\\d+)");
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Path log = dataDir.resolveSibling("sluice.log");
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (BufferedReader r =
                      new BufferedReader(
                          new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8));
                  var out = Files.newBufferedWriter(log)) {
                String line;
                int p = -1;
                while ((line = r.readLine()) != null) {
                  out.write(line);
                  out.newLine();
                  out.flush();
                  if (line.startsWith("node JVM flags: ")) {
                    System.out.println(line);
                  }
                  Matcher m = etcdLine.matcher(line);
                  if (m.find()) {
                    p = Integer.parseInt(m.group(1));
                  }
                  if (line.contains("Sluice node ready")) {
                    port.complete(p);
                  }
                }
                port.completeExceptionally(new IllegalStateException("node exited; see " + log));
              } catch (IOException e) {
                port.completeExceptionally(e);
              }
            });
    try {
      return new Started("sluice", port.get(120, TimeUnit.SECONDS), proc);
    } catch (Exception e) {
      proc.destroyForcibly();
      throw new IllegalStateException("Sluice node did not start; see " + log, e);
    }
  }

  /**
   * {@link NullKvServer} as a child JVM (this process's java and classpath, the node's heap
   * bounds): a server that only writes and forces each put, the floor a durable server reaches
   * here.
   */
  static Started nullKv(String javaHome, Path dataDir) throws IOException, InterruptedException {
    Files.createDirectories(dataDir);
    Process proc =
        new ProcessBuilder(
                Path.of(javaHome, "bin", "java").toString(),
                "-Xms32m",
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                NullKvServer.class.getName(),
                dataDir.toString())
            .redirectErrorStream(true)
            .start();
    Pattern ready = Pattern.compile("null kv listening on \\S+:(\\d+)");
    BufferedReader r =
        new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = r.readLine()) != null) {
      Matcher m = ready.matcher(line);
      if (m.find()) {
        Thread.ofPlatform().daemon().start(() -> r.lines().forEach(l -> {}));
        return new Started("null", Integer.parseInt(m.group(1)), proc);
      }
    }
    proc.destroyForcibly().waitFor();
    throw new IllegalStateException("the null KV server exited before it listened");
  }
}
