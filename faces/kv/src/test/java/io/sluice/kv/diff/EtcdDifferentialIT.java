package io.sluice.kv.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.kv.KvFace;
import io.sluice.kv.KvOptions;
import io.sluice.kv.proto.etcdserverpb.RangeRequest;
import io.sluice.storage.Clock;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Sends every case of {@link Cases} to a real etcd 3.4 (Debian etcd-server, started here on free
 * loopback ports) and to Sluice's KV face on a storage engine, and requires the normalised replies
 * to be identical.
 */
class EtcdDifferentialIT {
  static Path dir;
  static EtcdProcess etcd;
  static StorageEngine storage;
  static KvFace face;
  static Target etcdTarget;
  static Target sluiceTarget;
  static final AtomicInteger seq = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("kv-diff");
    etcd = EtcdProcess.start(dir.resolve("etcd"));
    storage = StorageEngine.open(StorageConfig.builder(dir.resolve("sluice")).build());
    face =
        KvFace.start(
            storage, new InetSocketAddress("127.0.0.1", 0), Clock.SYSTEM, KvOptions.defaults());
    etcdTarget = new Target("etcd", etcd.port());
    sluiceTarget = new Target("sluice", face.port());
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> baseRevision(etcdTarget) > 0);
  }

  @AfterAll
  static void stop() {
    if (etcdTarget != null) {
      etcdTarget.close();
      sluiceTarget.close();
    }
    if (face != null) {
      face.close();
      storage.close();
    }
    if (etcd != null) {
      etcd.close();
    }
  }

  static long baseRevision(Target t) {
    return t.kv()
        .range(RangeRequest.newBuilder().setKey(Cases.b("/base")).build())
        .getHeader()
        .getRevision();
  }

  @TestFactory
  Stream<DynamicTest> cases() {
    List<Cases.Case> all = Cases.all();
    assertThat(all.size()).isGreaterThanOrEqualTo(100);
    return all.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
  }

  private void run(Cases.Case c) {
    String prefix = String.format("/c%03d/", seq.incrementAndGet());
    Recorder e = new Recorder(baseRevision(etcdTarget));
    c.body().run(etcdTarget, e, prefix);
    Recorder s = new Recorder(baseRevision(sluiceTarget));
    c.body().run(sluiceTarget, s, prefix);
    assertThat(String.join("\n", s.lines))
        .as("case '%s': sluice (actual) vs etcd (expected)", c.name())
        .isEqualTo(String.join("\n", e.lines));
  }
}
