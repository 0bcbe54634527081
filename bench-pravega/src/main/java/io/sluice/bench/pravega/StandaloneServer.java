package io.sluice.bench.pravega;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * pravega-standalone 0.13.0 ({@code io.pravega.local.LocalPravegaEmulator}: in-process ZooKeeper,
 * controller and segment store, data kept in memory) started as a child JVM from the classpath that
 * module {@code bench-pravega/standalone} copies to its {@code target/lib}. Every port is a free
 * one picked just before the start. Used from one thread; the output pump runs in the background
 * and copies the child's log to {@code <workDir>/standalone-*.log}.
 */
final class StandaloneServer implements Server {
  private static final String READY = "Pravega Sandbox is running";
  private static final long START_TIMEOUT_SECONDS = 180;

  private final Process process;
  private final Path dir;
  private final int controllerPort;

  private StandaloneServer(Process process, Path dir, int controllerPort) {
    this.process = process;
    this.dir = dir;
    this.controllerPort = controllerPort;
  }

  /**
   * Starts the standalone with {@code java} and extra JVM flags; returns once it logged that it
   * runs.
   */
  static StandaloneServer start(Path workDir, Path java, Path lib, List<String> jvmArgs)
      throws IOException, InterruptedException {
    if (!Files.isDirectory(lib)) {
      throw new IllegalStateException(
          "no pravega-standalone classpath at "
              + lib
              + ": build it with './mvnw -pl bench-pravega/standalone package'");
    }
    lib = lib.toAbsolutePath();
    Path dir = Files.createTempDirectory(workDir, "standalone-");
    Path config = Files.writeString(dir.resolve("standalone-config.properties"), "");
    int[] ports = freePorts(5);
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(jvmArgs);
    cmd.add("-Djava.io.tmpdir=" + dir);
    cmd.add("-Dsinglenode.configurationFile=" + config);
    cmd.add("-Dsinglenode.zk.port=" + ports[0]);
    cmd.add("-Dsinglenode.segmentStore.port=" + ports[1]);
    cmd.add("-Dsinglenode.controller.rpc.port=" + ports[2]);
    cmd.add("-Dsinglenode.controller.rest.port=" + ports[3]);
    cmd.add("-Dsinglenode.admin.gateway.port=" + ports[4]);
    cmd.add("-cp");
    // BouncyCastle first: jjwt loads whichever provider comes first and needs 1.70's
    cmd.add(lib.resolve("bcprov-jdk15on-1.70.jar") + ":" + lib + "/*");
    cmd.add("io.pravega.local.LocalPravegaEmulator");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    Process p = pb.start();
    CountDownLatch ready = new CountDownLatch(1);
    AtomicBoolean running = new AtomicBoolean();
    Path log = workDir.resolve(dir.getFileName() + ".log");
    Thread pump = new Thread(() -> pump(p, ready, running, log), "standalone-output-" + p.pid());
    pump.setDaemon(true);
    pump.start();
    StandaloneServer server = new StandaloneServer(p, dir, ports[2]);
    if (!ready.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS) || !running.get()) {
      server.close();
      throw new IllegalStateException(
          "pravega-standalone did not print '" + READY + "'; its output is in " + log);
    }
    return server;
  }

  private static int[] freePorts(int n) throws IOException {
    int[] ports = new int[n];
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(s);
        ports[i] = s.getLocalPort();
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
    return ports;
  }

  private static void pump(Process p, CountDownLatch ready, AtomicBoolean running, Path logFile) {
    try (BufferedReader r =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile), true)) {
      String line;
      while ((line = r.readLine()) != null) {
        log.println(line);
        if (line.contains(READY)) {
          running.set(true);
          ready.countDown();
        }
      }
    } catch (IOException e) {
      // the process went away; the waiting side sees it is not alive
    } finally {
      ready.countDown();
    }
  }

  @Override
  public String name() {
    return "standalone";
  }

  @Override
  public URI controller() {
    return URI.create("tcp://127.0.0.1:" + controllerPort);
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.toHandle().destroyForcibly();
    try {
      process.waitFor(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Directories.deleteQuietly(dir);
  }
}
