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

  /** A Sluice node from the built distribution (node/cli/target), durability forced (default). */
  static Started sluice(String java, Path dist, Path dataDir, List<String> jvmArgs)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(dist.resolve("sluice-cli.jar"))) {
      throw new IllegalStateException(
          "no Sluice distribution in "
              + dist
              + ": build it first (./mvnw -pl node/cli -am install)");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(jvmArgs);
    cmd.addAll(
        List.of(
            "-cp",
            dist.resolve("sluice-cli.jar") + ":" + dist.resolve("lib") + "/*",
            "io.sluice.cli.SluiceCli",
            "server",
            "--data-dir=" + dataDir,
            "--admin-port=0",
            "--etcd-port=0",
            "--controller-port=0",
            "--segment-store-port=0",
            "--sessions-port=0"));
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
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
}
