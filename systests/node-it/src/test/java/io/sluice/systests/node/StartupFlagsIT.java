package io.sluice.systests.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.systests.NodeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM flags of a node come from the distribution's {@code jvm.options}, for the launcher and
 * the harness alike, and a damaged start-up cache never stops a node from starting.
 */
class StartupFlagsIT {
  @TempDir Path dir;

  @Test
  void theHarnessRunsTheNodeWithTheDistributionsJvmOptions() throws Exception {
    Path dist = NodeProcess.distribution();
    List<String> options = NodeProcess.jvmOptions(dist, Runtime.version().feature());
    assertThat(options).as("the node's heap is bounded").anyMatch(o -> o.startsWith("-Xmx"));
    try (NodeProcess node = NodeProcess.start(dir.resolve("data"))) {
      assertThat(commandLine(node.pid())).containsAll(options);
      assertThat(health(node)).isEqualTo(200);
    }
  }

  @Test
  void aJvmOptionsLineWithAJdkConditionAppliesOnThoseJdksOnly() throws Exception {
    Path dist = dir.resolve("conditional");
    Files.createDirectories(dist);
    Files.writeString(
        dist.resolve("jvm.options"),
        "-Xmx64m # always\n25-:-XX:+A\n21-24:-XX:+B\n21:-XX:+C\n\n# comment\n");
    assertThat(NodeProcess.jvmOptions(dist, 21)).containsExactly("-Xmx64m", "-XX:+B", "-XX:+C");
    assertThat(NodeProcess.jvmOptions(dist, 24)).containsExactly("-Xmx64m", "-XX:+B");
    assertThat(NodeProcess.jvmOptions(dist, 25)).containsExactly("-Xmx64m", "-XX:+A");
    assertThat(NodeProcess.jvmOptions(dist, 26)).containsExactly("-Xmx64m", "-XX:+A");
  }

  @Test
  void theTrainingExerciseMakesEachFacesFirstRequestsAndExitsZero() throws Exception {
    NodeProcess.CliResult r = NodeProcess.runCli(java.time.Duration.ofSeconds(120), "exercise");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output())
        .contains("Sluice node ready")
        .contains("wrote 2 events")
        .contains("Sluice node stopped");
  }

  @Test
  void aNodeStartsWhenItsStartUpCacheIsGarbage() throws Exception {
    Path dist = NodeProcess.distribution();
    Path copy = dir.resolve("dist");
    Files.createDirectories(copy.resolve("lib"));
    Files.copy(dist.resolve("sluice-cli.jar"), copy.resolve("sluice-cli.jar"));
    Files.copy(dist.resolve("jvm.options"), copy.resolve("jvm.options"));
    try (Stream<Path> jars = Files.list(dist.resolve("lib"))) {
      for (Path jar : jars.toList()) {
        Files.copy(jar, copy.resolve("lib").resolve(jar.getFileName()));
      }
    }
    byte[] garbage = new byte[1 << 20];
    new Random(42).nextBytes(garbage);
    Files.write(copy.resolve("sluice.aot"), garbage);
    Files.writeString(copy.resolve("sluice.aot.key"), "0\n");
    String before = System.getProperty("sluice.dist");
    System.setProperty("sluice.dist", copy.toString());
    try (NodeProcess node = NodeProcess.start(dir.resolve("data2"))) {
      if (Runtime.version().feature() >= 25) {
        assertThat(commandLine(node.pid())).contains("-XX:AOTCache=" + copy.resolve("sluice.aot"));
      }
      assertThat(health(node)).isEqualTo(200);
    } finally {
      if (before == null) {
        System.clearProperty("sluice.dist");
      } else {
        System.setProperty("sluice.dist", before);
      }
    }
  }

  /** The process's command line (Linux: /proc/PID/cmdline, NUL-separated). */
  private static List<String> commandLine(long pid) throws Exception {
    String raw = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"));
    return Arrays.asList(raw.split("\0"));
  }

  private static int health(NodeProcess node) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.port("admin") + "/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return r.statusCode();
  }
}
