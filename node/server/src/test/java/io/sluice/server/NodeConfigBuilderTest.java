package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.storage.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigBuilderTest {
  @TempDir Path dir;

  @Test
  void defaultsAreTheWellKnownPorts() {
    NodeConfig c = new NodeConfigBuilder().build();
    assertThat(c.dataDir()).isEqualTo(Path.of("sluice-data"));
    assertThat(c.listen()).isEqualTo("127.0.0.1");
    assertThat(c.adminPort()).isEqualTo(9400);
    assertThat(c.controllerPort()).isEqualTo(9090);
    assertThat(c.segmentStorePort()).isEqualTo(12345);
    assertThat(c.etcdPort()).isEqualTo(2379);
    assertThat(c.sessionsPort()).isEqualTo(9300);
    assertThat(c.durability()).isEqualTo(Durability.FORCED);
    assertThat(c.cacheBytes()).isEqualTo(NodeConfig.DEFAULT_CACHE_BYTES);
    assertThat(c.storageConfig().flushInterval()).isEqualTo(NodeConfig.DEFAULT_FLUSH_INTERVAL);
  }

  @Test
  void flushIntervalTakesMillisecondsSecondsAndMinutes() {
    assertThat(new NodeConfigBuilder().set("flush-interval", "250ms", "t").build().flushInterval())
        .isEqualTo(java.time.Duration.ofMillis(250));
    assertThat(new NodeConfigBuilder().set("flush-interval", "2s", "t").build().flushInterval())
        .isEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(new NodeConfigBuilder().set("flush-interval", "1m", "t").build().flushInterval())
        .isEqualTo(java.time.Duration.ofMinutes(1));
    assertThatThrownBy(
            () -> new NodeConfigBuilder().set("flush-interval", "soon", "--flush-interval"))
        .hasMessageContaining("flush-interval");
    assertThatThrownBy(() -> new NodeConfigBuilder().set("flush-interval", "0", "t").build())
        .hasMessageContaining("flush-interval");
  }

  @Test
  void yamlThenFlagsWithFlagsWinning() throws Exception {
    Path yaml = dir.resolve("node.yaml");
    Files.writeString(yaml, "data-dir: /var/lib/sluice\netcd-port: 2400\ncache-bytes: 64MiB\n");
    NodeConfig c =
        new NodeConfigBuilder().loadYaml(yaml).set("etcd-port", "2500", "--etcd-port").build();
    assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/sluice"));
    assertThat(c.etcdPort()).isEqualTo(2500);
    assertThat(c.cacheBytes()).isEqualTo(64L << 20);
  }

  @Test
  void unknownYamlKeyIsAnErrorNamingTheFileAndKey() throws Exception {
    Path yaml = dir.resolve("bad.yaml");
    Files.writeString(yaml, "etcd-prot: 2400\n");
    assertThatThrownBy(() -> new NodeConfigBuilder().loadYaml(yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.yaml")
        .hasMessageContaining("unknown key 'etcd-prot'")
        .hasMessageContaining("etcd-port");
  }

  @Test
  void nestedYamlIsRefused() throws Exception {
    Path yaml = dir.resolve("nested.yaml");
    Files.writeString(yaml, "etcd-port:\n  a: 1\n");
    assertThatThrownBy(() -> new NodeConfigBuilder().loadYaml(yaml))
        .hasMessageContaining("plain value");
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(() -> new NodeConfigBuilder().set("admin-port", "http", "--admin-port"))
        .hasMessageContaining("--admin-port")
        .hasMessageContaining("admin-port");
    assertThatThrownBy(
            () -> new NodeConfigBuilder().set("etcd-port", "70000", "--etcd-port").build())
        .hasMessageContaining("etcd-port");
    assertThatThrownBy(() -> new NodeConfigBuilder().set("durability", "maybe", "x"))
        .hasMessageContaining("forced");
  }

  @Test
  void portZeroMeansAnyFreePort() {
    NodeConfig c = new NodeConfigBuilder().set("admin-port", "0", "--admin-port").build();
    assertThat(c.adminPort()).isZero();
  }

  @Test
  void relaxedDurabilityMustBeSpelledOut() {
    NodeConfig c =
        new NodeConfigBuilder().set("durability", "written-not-forced", "--durability").build();
    assertThat(c.durability()).isEqualTo(Durability.WRITTEN_NOT_FORCED);
  }
}
