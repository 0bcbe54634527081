package io.sluice.systests.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.systests.NodeProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** etcdctl 3.4 (Debian etcd-client) against a Sluice node process. */
class EtcdctlIT {
  static Path dir;
  static NodeProcess node;
  static Etcdctl ctl;

  @BeforeAll
  static void start() throws Exception {
    Etcdctl.binary();
    dir = Files.createTempDirectory("kv-etcdctl");
    node = NodeProcess.start(dir.resolve("node"));
    ctl = new Etcdctl(node.port("etcd"));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  static String ok(Etcdctl.Result r) {
    assertThat(r.exit()).as(r.out()).isZero();
    return r.out();
  }

  @Test
  void putGetDeleteTxnCompaction() {
    assertThat(ok(ctl.run("put", "/t/a", "1"))).contains("OK");
    ok(ctl.run("put", "/t/b", "2"));
    ok(ctl.run("put", "/t/a", "3"));
    assertThat(ok(ctl.run("get", "/t/a"))).isEqualTo("/t/a\n3\n");
    assertThat(ok(ctl.run("get", "/t/", "--prefix", "--keys-only"))).contains("/t/a", "/t/b");
    assertThat(ok(ctl.run("get", "/t/a", "-w", "json"))).contains("\"version\":2");
    assertThat(ok(ctl.run("get", "/t/", "--prefix", "--limit=1", "-w", "json")))
        .contains("\"more\":true", "\"count\":2");
    assertThat(ok(ctl.run("get", "/t/b", "--from-key", "--keys-only"))).contains("/t/b");
    assertThat(
            ok(
                ctl.runWithInput(
                    "value(\"/t/a\") = \"3\"\n\nput /t/c yes\n\nput /t/c no\n\n", 30, "txn")))
        .contains("SUCCESS");
    assertThat(ok(ctl.run("get", "/t/c", "--print-value-only"))).isEqualTo("yes\n");
    assertThat(ok(ctl.run("del", "/t/c", "--prev-kv"))).contains("1", "yes");
    String json = ok(ctl.run("get", "/t/a", "-w", "json"));
    long rev = Long.parseLong(json.replaceAll("(?s).*\"mod_revision\":(\\d+).*", "$1"));
    assertThat(ok(ctl.run("compaction", Long.toString(rev)))).contains("compacted revision " + rev);
    Etcdctl.Result old = ctl.run("get", "/t/a", "--rev=" + (rev - 1));
    assertThat(old.exit()).isNotZero();
    assertThat(old.out()).contains("required revision has been compacted");
    assertThat(ok(ctl.run("get", "/t/a", "--rev=" + rev))).contains("3");
    assertThat(ok(ctl.run("del", "/t/", "--prefix"))).contains("2");
  }

  @Test
  void watchSeesEvents() throws Exception {
    Process w = ctl.start("watch", "/w/", "--prefix", "--prev-kv");
    try {
      BufferedReader r =
          new BufferedReader(new InputStreamReader(w.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      CompletableFuture<Void> seen =
          CompletableFuture.runAsync(
              () -> {
                try {
                  String line;
                  while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                      lines.add(line);
                    }
                    if (line.equals("v2")) {
                      return;
                    }
                  }
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      // the watch is created asynchronously: keep writing until the first event shows up
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(20))
          .until(
              () -> {
                ok(ctl.run("put", "/w/x", "v1"));
                synchronized (lines) {
                  return lines.contains("v1");
                }
              });
      ok(ctl.run("put", "/w/x", "v2"));
      seen.get(20, TimeUnit.SECONDS);
      synchronized (lines) {
        assertThat(lines).contains("PUT", "/w/x", "v2");
      }
    } finally {
      w.destroy();
      w.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void leases() {
    String granted = ok(ctl.run("lease", "grant", "60"));
    String id = granted.split("\\s+")[1];
    ok(ctl.run("put", "/l/k", "v", "--lease=" + id));
    assertThat(ok(ctl.run("lease", "timetolive", id, "--keys")))
        .contains("granted with TTL(60s)", "attached keys([/l/k])");
    assertThat(ok(ctl.run("lease", "list"))).contains(id);
    assertThat(ok(ctl.run("lease", "keep-alive", "--once", id)))
        .contains("keepalived with TTL(60)");
    assertThat(ok(ctl.run("lease", "revoke", id))).contains("revoked");
    assertThat(ok(ctl.run("get", "/l/k"))).isEmpty();
    assertThat(ok(ctl.run("lease", "timetolive", id))).contains("already expired");
  }

  @Test
  void clusterAndMaintenance() throws Exception {
    int port = node.port("etcd");
    assertThat(ok(ctl.run("member", "list"))).contains("started", "http://127.0.0.1:" + port);
    assertThat(ok(ctl.run("endpoint", "status", "-w", "json"))).contains("\"leader\"");
    assertThat(ok(ctl.run("endpoint", "status", "--cluster"))).contains("127.0.0.1:" + port);
    assertThat(ok(ctl.run("endpoint", "health"))).contains("is healthy");
    assertThat(ok(ctl.run("endpoint", "health", "--cluster"))).contains("is healthy");
    assertThat(ok(ctl.run("endpoint", "hashkv"))).contains("127.0.0.1:" + port);
    assertThat(ok(ctl.run("defrag"))).contains("Finished defragmenting");
    assertThat(ok(ctl.run("alarm", "list"))).isEmpty();
    Path snap = dir.resolve("snap.db");
    assertThat(ok(ctl.run("snapshot", "save", snap.toString()))).contains("Snapshot saved at");
    assertThat(Files.size(snap) % 512).isEqualTo(32);
  }

  @Test
  void checkPerfSmallLoadPasses() {
    Etcdctl.Result r = ctl.runWithInput(null, 240, "check", "perf", "--load=s");
    String out = r.out();
    String summary = out.substring(Math.max(0, out.lastIndexOf('\r') + 1));
    assertThat(r.exit()).as("etcdctl check perf --load=s:\n" + summary).isZero();
    assertThat(out).contains("PASS: Throughput").doesNotContain("FAIL");
  }
}
