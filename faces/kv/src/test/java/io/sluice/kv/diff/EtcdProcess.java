package io.sluice.kv.diff;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real etcd (Debian package etcd-server, 3.4.x) started on free loopback ports with a temp data
 * directory. Fails with a message naming the package when the binary is missing.
 */
public final class EtcdProcess implements AutoCloseable {
  private final Process process;
  private final int clientPort;

  private EtcdProcess(Process process, int clientPort) {
    this.process = process;
    this.clientPort = clientPort;
  }

  public static String binary() {
    for (String p : List.of("/usr/bin/etcd", "/usr/local/bin/etcd")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    throw new AssertionError(
        "etcd not found: install the Debian package etcd-server (apt-get install -y etcd-server)");
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts etcd; extra flags are appended (e.g. "--auto-compaction-mode=revision"). */
  public static EtcdProcess start(Path dataDir, String... extra) throws IOException {
    int client = freePort();
    int peer = freePort();
    String c = "http://127.0.0.1:" + client;
    String p = "http://127.0.0.1:" + peer;
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                binary(),
                "--name=default",
                "--data-dir=" + dataDir,
                "--listen-client-urls=" + c,
                "--advertise-client-urls=" + c,
                "--listen-peer-urls=" + p,
                "--initial-advertise-peer-urls=" + p,
                "--initial-cluster=default=" + p,
                "--log-level=error"));
    cmd.addAll(List.of(extra));
    Process proc =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile())
            .start();
    return new EtcdProcess(proc, client);
  }

  public int port() {
    return clientPort;
  }

  public boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
