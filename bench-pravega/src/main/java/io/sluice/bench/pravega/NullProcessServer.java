package io.sluice.bench.pravega;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The null server of module {@code bench-pravega/nullserver} (acks every append at once, reads from
 * memory, nothing durable) as a child JVM on the node's JDK: the ceiling the client can reach. Used
 * from one thread; a background thread drains the child's output.
 */
final class NullProcessServer implements Server {
  private static final Pattern READY =
      Pattern.compile("null server ready controller=(\\d+) segmentstore=(\\d+)");
  private static final long START_TIMEOUT_SECONDS = 120;

  private final Process process;
  private final Thread pump;
  private final int controllerPort;

  private NullProcessServer(Process process, Thread pump, int controllerPort) {
    this.process = process;
    this.pump = pump;
    this.controllerPort = controllerPort;
  }

  /**
   * Starts {@code io.sluice.bench.pravega.nullserver.NullServer} from {@code dir} (the module's
   * {@code target}: its jar and {@code lib/}) with extra JVM flags; returns once it printed its
   * ports.
   */
  static NullProcessServer start(Path dir, List<String> jvmArgs) throws Exception {
    Path jar = dir.resolve("sluice-bench-pravega-null.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no null server at "
              + jar
              + ": build it with './mvnw -pl bench-pravega/nullserver package'");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(jar + ":" + dir.toAbsolutePath().resolve("lib") + "/*");
    cmd.add("io.sluice.bench.pravega.nullserver.NullServer");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    Process p = pb.start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  Matcher m = READY.matcher(line);
                  if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                  } else {
                    System.err.println("[null-server] " + line);
                  }
                }
              } catch (IOException e) {
                // the process went away
              } finally {
                port.completeExceptionally(new IllegalStateException("null server exited"));
              }
            },
            "null-server-output-" + p.pid());
    pump.setDaemon(true);
    pump.start();
    try {
      return new NullProcessServer(p, pump, port.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS));
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
  }

  @Override
  public String name() {
    return "null";
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
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      pump.join(5_000); // its last line is what the server received and served
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
