package io.sluice.systests.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.systests.NodeProcess;
import io.sluice.systests.NodeProcess.CliResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node as an operator runs it: a separate process, signals, restarts, the launcher script. */
class NodeLifecycleIT {
  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesHealthAndMetricsStopsOnSigtermAndRestartsAfterSigkill() throws Exception {
    Path data = dir.resolve("data");
    try (NodeProcess node = NodeProcess.start(data)) {
      int admin = node.port("admin");
      assertThat(get(admin, "/health").statusCode()).isEqualTo(200);
      assertThat(get(admin, "/metrics").body())
          .contains("sluice_storage_wal_forces_total")
          .contains("jvm_threads_live_threads");

      int exit = node.stop();
      assertThat(exit).as("exit code after SIGTERM (128 + 15)").isEqualTo(143);
      assertThat(node.output()).anyMatch(l -> l.contains("Sluice node stopped"));

      node.restart();
      assertThat(node.port("admin")).isEqualTo(admin);
      assertThat(get(admin, "/health").statusCode()).isEqualTo(200);

      long pid = node.pid();
      node.kill9();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      node.restart();
      assertThat(get(node.port("admin"), "/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void configFileKeysApplyAndUnknownKeysAreRefused() throws Exception {
    Path good = dir.resolve("good.yaml");
    Files.writeString(good, "admin-port: 0\ncache-bytes: 32MiB\n");
    try (NodeProcess node =
        NodeProcess.start(
            dir.resolve("d1"), List.of("-Xmx256m"), List.of("--config", good.toString()))) {
      assertThat(get(node.port("admin"), "/health").statusCode()).isEqualTo(200);
    }

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "etcd-prot: 1\n");
    CliResult r =
        NodeProcess.runCli(
            Duration.ofSeconds(60),
            "server",
            "--config",
            bad.toString(),
            "--data-dir",
            dir.resolve("d2").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.output()).contains("unknown key 'etcd-prot'").contains("etcd-port");
  }

  @Test
  void launcherFindsAJdk21OrNewerEvenWhenJavaHomeIsOlder() throws Exception {
    Path root = NodeProcess.distribution().resolve("../../..").normalize();
    ProcessBuilder pb =
        new ProcessBuilder("bash", root.resolve("sluice").toString(), "--version")
            .redirectErrorStream(true);
    pb.environment().put("SLUICE_NO_BUILD", "1");
    Path java17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    if (Files.isDirectory(java17)) {
      pb.environment().put("JAVA_HOME", java17.toString());
    } else {
      pb.environment().remove("JAVA_HOME");
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("sluice");
  }
}
