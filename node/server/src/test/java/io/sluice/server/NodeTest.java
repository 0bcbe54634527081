package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeTest {
  @TempDir Path dir;

  private static NodeConfigBuilder freePorts(Path dataDir) {
    NodeConfigBuilder b = new NodeConfigBuilder().set("data-dir", dataDir.toString(), "test");
    for (NodeConfigBuilder.Key k : NodeConfigBuilder.Key.values()) {
      if (k.key().endsWith("-port")) {
        b.set(k.key(), "0", "test");
      }
    }
    return b.set("cache-bytes", "16MiB", "test");
  }

  @Test
  void startsServesHealthAndMetricsAndStops() throws Exception {
    Node node = Node.start(freePorts(dir.resolve("data")).build());
    try {
      assertThat(node.isReady()).isTrue();
      int admin = node.ports().get("admin");
      assertThat(admin).isPositive();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/health")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      String metrics =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .contains("jvm_memory_used_bytes")
          .contains("sluice_storage_wal_forces_total")
          .contains("sluice_storage_writable 1.0")
          .contains("sluice_netty_direct_bytes")
          .contains("sluice_netty_direct_chunks");
    } finally {
      node.close();
    }
    assertThat(node.isReady()).isFalse();
  }

  @Test
  void aTakenPortFailsTheStartAndReleasesTheDataDirectory() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      NodeConfig cfg =
          freePorts(dir.resolve("data"))
              .set("admin-port", String.valueOf(taken.getLocalPort()), "test")
              .build();
      assertThatThrownBy(() -> Node.start(cfg)).isInstanceOf(java.io.IOException.class);
    }
    // the failed start closed the storage engine, so the data directory can be opened again
    try (Node node = Node.start(freePorts(dir.resolve("data")).build())) {
      assertThat(node.isReady()).isTrue();
    }
  }

  @Test
  void aFaceThatFailsToStartStopsTheFacesThatStartedBesideIt() throws Exception {
    int sessionsPort;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      sessionsPort = probe.getLocalPort();
    }
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      NodeConfig cfg =
          freePorts(dir.resolve("data"))
              .set("etcd-port", String.valueOf(taken.getLocalPort()), "test")
              .set("sessions-port", String.valueOf(sessionsPort), "test")
              .build();
      assertThatThrownBy(() -> Node.start(cfg)).isInstanceOf(Exception.class);
    }
    // the sessions face started while KV failed; the failed start closed it again
    try (ServerSocket again =
        new ServerSocket(sessionsPort, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(sessionsPort);
    }
    try (Node node = Node.start(freePorts(dir.resolve("data")).build())) {
      assertThat(node.isReady()).isTrue();
    }
  }
}
