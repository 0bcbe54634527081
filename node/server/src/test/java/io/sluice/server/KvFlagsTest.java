package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.kv.AutoCompactionMode;
import io.sluice.kv.KvOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The KV face's etcd options as node keys: defaults, YAML, flags, and errors naming the key. */
class KvFlagsTest {
  @TempDir Path dir;

  @Test
  void defaultsAreEtcds() {
    KvOptions kv = new NodeConfigBuilder().build().kvOptions();
    assertThat(kv.autoCompactionMode()).isEqualTo(AutoCompactionMode.NONE);
    assertThat(kv.quotaBackendBytes()).isZero();
    assertThat(kv.maxRequestBytes()).isEqualTo(1536 * 1024);
    assertThat(kv.maxTxnOps()).isEqualTo(128);
  }

  @Test
  void yamlAndFlagsReachTheKvOptions() throws Exception {
    Path yaml = dir.resolve("node.yaml");
    Files.writeString(
        yaml,
        """
        etcd-auto-compaction-mode: periodic
        etcd-auto-compaction-retention: 1h30m
        etcd-quota-backend-bytes: 8GiB
        etcd-max-request-bytes: 2MiB
        etcd-max-txn-ops: 256
        """);
    KvOptions kv = new NodeConfigBuilder().loadYaml(yaml).build().kvOptions();
    assertThat(kv.autoCompactionMode()).isEqualTo(AutoCompactionMode.PERIODIC);
    assertThat(kv.autoCompactionRetention()).isEqualTo(Duration.ofMinutes(90));
    assertThat(kv.quotaBackendBytes()).isEqualTo(8L << 30);
    assertThat(kv.maxRequestBytes()).isEqualTo(2 << 20);
    assertThat(kv.maxTxnOps()).isEqualTo(256);

    KvOptions flags =
        new NodeConfigBuilder()
            .loadYaml(yaml)
            .set("etcd-auto-compaction-mode", "revision", "--etcd-auto-compaction-mode")
            .set("etcd-auto-compaction-retention", "1000", "--etcd-auto-compaction-retention")
            .set("etcd-quota-backend-bytes", "-1", "--etcd-quota-backend-bytes")
            .build()
            .kvOptions();
    assertThat(flags.autoCompactionMode()).isEqualTo(AutoCompactionMode.REVISION);
    assertThat(flags.autoCompactionRevisions()).isEqualTo(1000);
    assertThat(flags.quotaBackendBytes()).isEqualTo(-1);
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(
            () ->
                new NodeConfigBuilder()
                    .set("etcd-auto-compaction-mode", "daily", "--etcd-auto-compaction-mode")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("etcd-auto-compaction");
    assertThatThrownBy(
            () ->
                new NodeConfigBuilder()
                    .set("etcd-auto-compaction-retention", "soon", "--x")
                    .build())
        .hasMessageContaining("etcd-auto-compaction");
    assertThatThrownBy(
            () ->
                new NodeConfigBuilder().set("etcd-max-txn-ops", "0", "--etcd-max-txn-ops").build())
        .hasMessageContaining("etcd-max-txn-ops");
    assertThatThrownBy(() -> new NodeConfigBuilder().set("etcd-max-txn-ops", "many", "f.yaml"))
        .hasMessageContaining("f.yaml")
        .hasMessageContaining("etcd-max-txn-ops");
  }

  @Test
  void kvPollReachesTheKvOptions() throws Exception {
    assertThat(new NodeConfigBuilder().build().kvOptions().pollMicros())
        .isEqualTo(KvOptions.DEFAULT_POLL_MICROS);
    Path yaml = dir.resolve("poll.yaml");
    Files.writeString(yaml, "kv-poll-us: 150\n");
    assertThat(new NodeConfigBuilder().loadYaml(yaml).build().kvOptions().pollMicros())
        .isEqualTo(150);
    assertThat(
            new NodeConfigBuilder()
                .loadYaml(yaml)
                .set("kv-poll-us", "0", "--kv-poll-us")
                .build()
                .kvOptions()
                .pollMicros())
        .isZero();
    assertThatThrownBy(
            () -> new NodeConfigBuilder().set("kv-poll-us", "-1", "--kv-poll-us").build())
        .hasMessageContaining("kv-poll-us");
    assertThatThrownBy(() -> new NodeConfigBuilder().set("kv-poll-us", "soon", "f.yaml"))
        .hasMessageContaining("f.yaml")
        .hasMessageContaining("kv-poll-us");
  }
}
