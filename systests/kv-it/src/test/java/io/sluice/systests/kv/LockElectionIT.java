package io.sluice.systests.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Election;
import io.etcd.jetcd.election.CampaignResponse;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.election.LeaderResponse;
import io.etcd.jetcd.election.NoLeaderException;
import io.etcd.jetcd.lock.LockResponse;
import io.sluice.systests.NodeProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Locks and elections against a Sluice node process: {@code etcdctl lock} and {@code etcdctl elect}
 * (etcd 3.4's client-side recipes over KV, Watch and Lease) and jetcd's Lock and Election clients
 * (which call the node's v3lockpb and v3electionpb services).
 */
class LockElectionIT {
  static Path dir;
  static NodeProcess node;
  static Etcdctl ctl;
  static Client client;

  @BeforeAll
  static void start() throws Exception {
    Etcdctl.binary();
    dir = Files.createTempDirectory("kv-lock");
    node = NodeProcess.start(dir.resolve("node"));
    ctl = new Etcdctl(node.port("etcd"));
    client = Client.builder().endpoints("http://127.0.0.1:" + node.port("etcd")).build();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (node != null) {
      node.close();
    }
  }

  static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  /** Collects a long-running etcdctl's output lines. */
  static List<String> lines(Process p) {
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("read failed: " + e);
              }
            });
    return lines;
  }

  /** etcdctl lock and elect release on SIGINT (SIGTERM would leave the lease to expire). */
  static void interrupt(Process p) throws Exception {
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  static long keys(String prefix) {
    String out = ctl.run("get", prefix, "--prefix", "--keys-only").out();
    return out.lines().filter(l -> !l.isBlank()).count();
  }

  @Test
  void etcdctlLockWaitsForTheHolder() throws Exception {
    Process holder = ctl.start("lock", "ctl-lock");
    List<String> held = lines(holder);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> held.stream().anyMatch(l -> l.startsWith("ctl-lock/")));
    Process waiter = ctl.start("lock", "ctl-lock", "echo", "second-holder");
    List<String> second = lines(waiter);
    try {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> keys("ctl-lock/") == 2);
      assertThat(waiter.isAlive()).isTrue();
      assertThat(second).doesNotContain("second-holder");
      interrupt(holder);
      assertThat(waiter.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(waiter.exitValue()).as(String.join("\n", second)).isZero();
      assertThat(second).contains("second-holder");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> keys("ctl-lock/") == 0);
    } finally {
      holder.destroyForcibly();
      waiter.destroyForcibly();
    }
  }

  @Test
  void etcdctlElectHandsLeadershipOverAndObserversFollow() throws Exception {
    Process observer = ctl.start("elect", "-l", "ctl-elect");
    List<String> seen = lines(observer);
    Process first = ctl.start("elect", "ctl-elect", "p1");
    List<String> firstOut = lines(first);
    Process second = null;
    try {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> firstOut.contains("p1"));
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> seen.contains("p1"));
      second = ctl.start("elect", "ctl-elect", "p2");
      List<String> secondOut = lines(second);
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> keys("ctl-elect/") == 2);
      assertThat(secondOut).doesNotContain("p2");
      interrupt(first);
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> secondOut.contains("p2"));
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> seen.contains("p2"));
      interrupt(second);
      interrupt(observer);
    } finally {
      observer.destroyForcibly();
      first.destroyForcibly();
      if (second != null) {
        second.destroyForcibly();
      }
    }
  }

  @Test
  void jetcdLockClient() throws Exception {
    long l1 = client.getLeaseClient().grant(60).get(10, TimeUnit.SECONDS).getID();
    long l2 = client.getLeaseClient().grant(60).get(10, TimeUnit.SECONDS).getID();
    LockResponse a = client.getLockClient().lock(bs("j-lock"), l1).get(10, TimeUnit.SECONDS);
    assertThat(a.getKey()).isEqualTo(bs("j-lock/" + Long.toHexString(l1)));
    CompletableFuture<LockResponse> b = client.getLockClient().lock(bs("j-lock"), l2);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> keys("j-lock/") == 2);
    assertThat(b).isNotDone();
    client.getLockClient().unlock(a.getKey()).get(10, TimeUnit.SECONDS);
    assertThat(b.get(30, TimeUnit.SECONDS).getKey())
        .isEqualTo(bs("j-lock/" + Long.toHexString(l2)));
    client.getLeaseClient().revoke(l2).get(10, TimeUnit.SECONDS);
    assertThat(keys("j-lock/")).isZero();
  }

  @Test
  void jetcdElectionClient() throws Exception {
    Election e = client.getElectionClient();
    assertThatThrownBy(() -> e.leader(bs("j-elect")).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(NoLeaderException.class);
    List<String> observed = new CopyOnWriteArrayList<>();
    e.observe(
        bs("j-elect"),
        new Election.Listener() {
          @Override
          public void onNext(LeaderResponse r) {
            observed.add(r.getKv().getValue().toString(StandardCharsets.UTF_8));
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        });
    long l1 = client.getLeaseClient().grant(60).get(10, TimeUnit.SECONDS).getID();
    long l2 = client.getLeaseClient().grant(60).get(10, TimeUnit.SECONDS).getID();
    CampaignResponse won = e.campaign(bs("j-elect"), l1, bs("v1")).get(10, TimeUnit.SECONDS);
    LeaderKey leader = won.getLeader();
    assertThat(leader.getKey()).isEqualTo(bs("j-elect/" + Long.toHexString(l1)));
    CompletableFuture<CampaignResponse> next = e.campaign(bs("j-elect"), l2, bs("w1"));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> keys("j-elect/") == 2);
    e.proclaim(leader, bs("v2")).get(10, TimeUnit.SECONDS);
    assertThat(e.leader(bs("j-elect")).get(10, TimeUnit.SECONDS).getKv().getValue())
        .isEqualTo(bs("v2"));
    assertThat(next).isNotDone();
    e.resign(leader).get(10, TimeUnit.SECONDS);
    assertThat(next.get(30, TimeUnit.SECONDS).getLeader().getKey())
        .isEqualTo(bs("j-elect/" + Long.toHexString(l2)));
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(observed).containsExactly("v1", "v2", "w1"));
  }
}
