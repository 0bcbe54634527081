package io.sluice.systests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node run as a child process from the built distribution ({@code node/cli/target}), for system
 * tests: start it, learn the ports it bound from its log, kill it with SIGKILL, restart it on the
 * same data directory and ports.
 *
 * <p>Every listener binds port 0 on the first start unless the caller passes a port flag; restarts
 * reuse the ports bound before, so clients can reconnect. The child's output is kept in memory and
 * copied to {@code <dataDir>.log}. Thread-safe for the calls a test makes from one thread while the
 * output pump runs in the background.
 */
public final class NodeProcess implements AutoCloseable {
  /** Listener names as the node logs them. */
  public static final List<String> PORT_FLAGS =
      List.of("admin", "controller", "segment-store", "etcd", "sessions");

  private static final Pattern LISTENING = Pattern.compile("(\\S+) listening on (\\S+):(\\d+)");
  private static final Pattern JDK_CONDITION = Pattern.compile("(\\d+)(-(\\d*))?:(.*)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final int RESTART_ATTEMPTS = 5;

  private final Path dataDir;
  private final List<String> jvmArgs;
  private final List<String> nodeArgs;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final List<String> output = Collections.synchronizedList(new ArrayList<>());
  private Process process;
  private Thread pump;
  private int starts;

  private NodeProcess(Path dataDir, List<String> jvmArgs, List<String> nodeArgs) {
    this.dataDir = dataDir;
    this.jvmArgs = List.copyOf(jvmArgs);
    this.nodeArgs = List.copyOf(nodeArgs);
  }

  /**
   * Starts a node on {@code dataDir} with free ports, the distribution's JVM flags ({@link
   * #jvmFlags}) and the given extra {@code server} flags.
   */
  public static NodeProcess start(Path dataDir, String... nodeArgs) throws IOException {
    return start(dataDir, List.of(), List.of(nodeArgs));
  }

  /**
   * Starts a node with extra JVM flags (after the distribution's, so a later {@code -Xmx} wins) and
   * extra {@code server} flags.
   */
  public static NodeProcess start(Path dataDir, List<String> jvmArgs, List<String> nodeArgs)
      throws IOException {
    NodeProcess p = new NodeProcess(dataDir, jvmArgs, nodeArgs);
    p.launch();
    return p;
  }

  /** The port a listener bound ({@code admin}, {@code etcd}, {@code controller}, ...). */
  public int port(String listener) {
    Integer p = ports.get(listener);
    if (p == null) {
      throw new IllegalStateException(
          "the node logged no '" + listener + " listening on' line; bound: " + ports);
    }
    return p;
  }

  public Map<String, Integer> ports() {
    return Map.copyOf(ports);
  }

  public Path dataDir() {
    return dataDir;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Every line the node printed so far, across restarts. */
  public List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  /** Kills the node with SIGKILL and waits until it is gone. */
  public void kill9() throws InterruptedException {
    if (process == null) {
      return;
    }
    // SIGKILL through the handle: Process.destroyForcibly would also close our end of its output.
    process.toHandle().destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("node pid " + process.pid() + " did not die after SIGKILL");
    }
    pump.join(10_000);
  }

  /** Stops the node with SIGTERM (a clean shutdown) and returns its exit code. */
  public int stop() throws InterruptedException {
    if (process == null) {
      return 0;
    }
    process.toHandle().destroy(); // SIGTERM, keeping our end of its output open to the last line
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.toHandle().destroyForcibly();
      throw new IllegalStateException("node did not stop within 60 s of SIGTERM");
    }
    pump.join(10_000);
    return process.exitValue();
  }

  /**
   * Starts the node again on the same data directory and ports (after kill9 or stop). A port the
   * node held may briefly be taken by another socket on a busy machine (another process's ephemeral
   * port picks the number while the node is down); a start that fails only because it {@code could
   * not listen on} a port is tried again, up to {@value #RESTART_ATTEMPTS} times with a growing
   * back-off.
   */
  public void restart() throws IOException, InterruptedException {
    if (isAlive()) {
      kill9();
    }
    for (int attempt = 1; ; attempt++) {
      int before = output().size();
      try {
        launch();
        return;
      } catch (IllegalStateException e) {
        List<String> lines = output();
        boolean portTaken =
            lines.subList(Math.min(before, lines.size()), lines.size()).stream()
                .anyMatch(l -> l.contains("could not listen on"));
        if (!portTaken || attempt == RESTART_ATTEMPTS) {
          throw e;
        }
        pump.join(10_000);
        TimeUnit.MILLISECONDS.sleep(500L * attempt); // back-off: the other socket has to go away
      }
    }
  }

  private void launch() throws IOException {
    Path dist = distribution();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags(dist));
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(classpath(dist));
    cmd.add("io.sluice.cli.SluiceCli");
    cmd.add("server");
    cmd.add("--data-dir");
    cmd.add(dataDir.toString());
    for (String name : PORT_FLAGS) {
      String flag = "--" + name + "-port";
      if (!nodeArgs.contains(flag)) {
        cmd.add(flag);
        cmd.add(String.valueOf(ports.getOrDefault(name, 0)));
      }
    }
    cmd.addAll(nodeArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    starts++;
    process = pb.start();
    CountDownLatch ready = new CountDownLatch(1);
    Process p = process;
    Path logFile = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    pump = new Thread(() -> pump(p, ready, logFile), "node-output-" + p.pid());
    pump.setDaemon(true);
    pump.start();
    try {
      if (!ready.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || !p.isAlive()) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "node did not print 'Sluice node ready' (start "
                + starts
                + "); output:\n"
                + String.join("\n", output()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while waiting for the node", e);
    }
  }

  private void pump(Process p, CountDownLatch ready, Path logFile) {
    try (BufferedReader r =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter log =
            new PrintWriter(
                Files.newBufferedWriter(
                    logFile,
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND),
                true)) {
      log.println("---- start " + starts + " pid " + p.pid());
      String line;
      while ((line = r.readLine()) != null) {
        output.add(line);
        log.println(line);
        Matcher m = LISTENING.matcher(line);
        if (m.find() && ready.getCount() > 0) {
          synchronized (ports) {
            ports.put(m.group(1), Integer.parseInt(m.group(3)));
          }
        }
        if (line.contains("Sluice node ready")) {
          ready.countDown();
        }
      }
    } catch (IOException e) {
      output.add("(output pump stopped: " + e + ")");
    } finally {
      ready.countDown();
    }
  }

  /** What a finished command printed and how it exited. */
  public record CliResult(int exitCode, String output) {}

  /**
   * Runs {@code sluice ARGS...} from the built distribution to completion (stdout and stderr
   * merged) and returns its exit code and output; fails if it runs longer than {@code timeout}.
   */
  public static CliResult runCli(Duration timeout, String... args)
      throws IOException, InterruptedException {
    Path dist = distribution();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags(dist));
    cmd.add("-cp");
    cmd.add(classpath(dist));
    cmd.add("io.sluice.cli.SluiceCli");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("sluice " + String.join(" ", args) + " ran over " + timeout);
    }
    return new CliResult(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /**
   * The JVM flags the {@code ./sluice} launcher gives a node: those of the distribution's {@code
   * jvm.options} (one per line, {@code #} comments), then, on JDK 25 or later, the AOT start-up
   * cache {@code sluice.aot} if the launcher or {@code scripts/make-start-cache.sh} has made one
   * after the distribution's jars and {@code jvm.options} were last written (a cache trained on
   * older jars can hold classes that are no longer there). The harness never makes the cache
   * itself, so tests never wait for a training run. {@code SLUICE_CDS=0} in the environment leaves
   * the cache out, as in the launcher.
   */
  public static List<String> jvmFlags(Path dist) throws IOException {
    List<String> flags = new ArrayList<>(jvmOptions(dist, Runtime.version().feature()));
    Path cache = dist.resolve("sluice.aot");
    Path key = dist.resolve("sluice.aot.key");
    if (Runtime.version().feature() >= 25
        && !"0".equals(System.getenv("SLUICE_CDS"))
        && Files.isRegularFile(cache)
        && Files.isRegularFile(key)
        && newestDistributionFile(dist) <= Files.getLastModifiedTime(key).toMillis()) {
      flags.addAll(List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off"));
    }
    return flags;
  }

  /** When the newest of the distribution's jars and {@code jvm.options} was written, in millis. */
  private static long newestDistributionFile(Path dist) throws IOException {
    long newest = 0;
    for (Path file : List.of(dist.resolve("sluice-cli.jar"), dist.resolve("jvm.options"))) {
      if (Files.isRegularFile(file)) {
        newest = Math.max(newest, Files.getLastModifiedTime(file).toMillis());
      }
    }
    Path lib = dist.resolve("lib");
    if (Files.isDirectory(lib)) {
      try (var jars = Files.newDirectoryStream(lib, "*.jar")) {
        for (Path jar : jars) {
          newest = Math.max(newest, Files.getLastModifiedTime(jar).toMillis());
        }
      }
    }
    return newest;
  }

  /**
   * The flags of the distribution's {@code jvm.options} that apply on JDK {@code jdk}, as the
   * launcher's {@code scripts/node-jvm.sh} reads them: one per line, {@code #} starts a comment,
   * and a line {@code 25-:FLAG} applies on JDK 25 or newer only ({@code 21-24:} on 21 to 24, {@code
   * 21:} on 21 only).
   */
  public static List<String> jvmOptions(Path dist, int jdk) throws IOException {
    List<String> flags = new ArrayList<>();
    Path options = dist.resolve("jvm.options");
    if (!Files.isRegularFile(options)) {
      return flags;
    }
    for (String line : Files.readAllLines(options, StandardCharsets.UTF_8)) {
      int hash = line.indexOf('#');
      String flag = (hash >= 0 ? line.substring(0, hash) : line).strip();
      Matcher m = JDK_CONDITION.matcher(flag);
      if (m.matches()) {
        int lo = Integer.parseInt(m.group(1));
        boolean range = m.group(2) != null;
        int hi =
            !range ? lo : m.group(3).isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(m.group(3));
        if (jdk < lo || jdk > hi) {
          continue;
        }
        flag = m.group(4).strip();
      }
      if (!flag.isEmpty()) {
        flags.add(flag);
      }
    }
    return flags;
  }

  /**
   * The distribution's classpath as the launcher writes it: {@code sluice-cli.jar}, then every jar
   * of {@code lib/} in name order (a start-up cache only matches the classpath it was made with).
   */
  public static String classpath(Path dist) throws IOException {
    List<String> jars = new ArrayList<>();
    jars.add(dist.resolve("sluice-cli.jar").toString());
    try (var lib = Files.newDirectoryStream(dist.resolve("lib"), "*.jar")) {
      List<String> names = new ArrayList<>();
      lib.forEach(p -> names.add(p.getFileName().toString()));
      Collections.sort(names);
      names.forEach(n -> jars.add(dist.resolve("lib").resolve(n).toString()));
    }
    return String.join(":", jars);
  }

  /**
   * The built distribution: system property {@code sluice.dist}, else found above the working dir.
   */
  public static Path distribution() {
    String prop = System.getProperty("sluice.dist");
    if (prop != null) {
      return Path.of(prop);
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("node/cli/target");
      if (Files.isRegularFile(candidate.resolve("sluice-cli.jar"))
          && Files.isDirectory(candidate.resolve("lib"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "no node distribution found (node/cli/target/sluice-cli.jar and lib/): build it with"
            + " './mvnw -pl node/cli -am package -DskipTests', or set -Dsluice.dist=DIR");
  }

  @Override
  public void close() {
    if (isAlive()) {
      try {
        kill9();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
