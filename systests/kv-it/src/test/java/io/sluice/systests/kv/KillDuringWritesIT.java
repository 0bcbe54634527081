package io.sluice.systests.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.sluice.systests.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL during a concurrent write load, then restart: every acknowledged put is readable at its
 * revision with its value, revisions never repeat or go back, and a watch resumed from a revision
 * sees every event once, in order.
 */
class KillDuringWritesIT {
  static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  record Ack(String key, String value, long rev) {}

  @Test
  void acknowledgedWritesSurviveSigkill() throws Exception {
    Path dir = Files.createTempDirectory("kv-kill");
    try (NodeProcess node = NodeProcess.start(dir.resolve("node"))) {
      String endpoint = "http://127.0.0.1:" + node.port("etcd");
      Map<Long, Ack> acks = new ConcurrentHashMap<>();
      List<Long> watched = new ArrayList<>();
      long startRev;
      try (Client client = Client.builder().endpoints(endpoint).build()) {
        KV kv = client.getKVClient();
        startRev =
            kv.put(bs("/kill/start"), bs("s")).get(10, TimeUnit.SECONDS).getHeader().getRevision();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
          int id = w;
          writers.add(
              Thread.ofPlatform()
                  .start(
                      () -> {
                        for (int i = 0; !stop.get(); i++) {
                          String k = "/kill/w" + id + "/" + (i % 50);
                          String v = "w" + id + "-" + i;
                          try {
                            long rev =
                                kv.put(bs(k), bs(v))
                                    .get(5, TimeUnit.SECONDS)
                                    .getHeader()
                                    .getRevision();
                            Ack prev = acks.putIfAbsent(rev, new Ack(k, v, rev));
                            assertThat(prev).as("revision %d acknowledged twice", rev).isNull();
                          } catch (Exception e) {
                            return;
                          }
                        }
                      }));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> acks.size() >= 2000);
        node.kill9();
        stop.set(true);
        for (Thread t : writers) {
          t.join(30_000);
        }
      }
      assertThat(acks).hasSizeGreaterThanOrEqualTo(2000);
      long maxAck = acks.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
      node.restart();
      try (Client client = Client.builder().endpoints(endpoint).build()) {
        KV kv = client.getKVClient();
        long current =
            kv.get(bs("/kill/start")).get(30, TimeUnit.SECONDS).getHeader().getRevision();
        assertThat(current).isGreaterThanOrEqualTo(maxAck);
        for (Ack a : acks.values()) {
          var r =
              kv.get(bs(a.key()), GetOption.builder().withRevision(a.rev()).build())
                  .get(10, TimeUnit.SECONDS);
          assertThat(r.getKvs()).as("acknowledged %s", a).hasSize(1);
          assertThat(r.getKvs().get(0).getValue().toString(StandardCharsets.UTF_8))
              .isEqualTo(a.value());
          assertThat(r.getKvs().get(0).getModRevision()).isEqualTo(a.rev());
        }
        long after =
            kv.put(bs("/kill/after"), bs("x")).get(10, TimeUnit.SECONDS).getHeader().getRevision();
        assertThat(after).isEqualTo(current + 1);

        // a watch from the first revision replays the whole history once, in revision order
        Set<Long> seen = new HashSet<>();
        Watch.Watcher watcher =
            client
                .getWatchClient()
                .watch(
                    bs("/kill/"),
                    WatchOption.builder().isPrefix(true).withRevision(startRev).build(),
                    Watch.listener(
                        resp -> {
                          synchronized (watched) {
                            for (WatchEvent e : resp.getEvents()) {
                              watched.add(e.getKeyValue().getModRevision());
                            }
                          }
                        }));
        try {
          Awaitility.await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> {
                    synchronized (watched) {
                      return !watched.isEmpty() && watched.get(watched.size() - 1) == after;
                    }
                  });
        } finally {
          watcher.close();
        }
        synchronized (watched) {
          for (int i = 1; i < watched.size(); i++) {
            assertThat(watched.get(i)).isGreaterThan(watched.get(i - 1));
          }
          seen.addAll(watched);
        }
        assertThat(seen).containsAll(acks.keySet());
        assertThat(watched.get(0)).isEqualTo(startRev);
        // every revision between start and now is one event (puts only): no gaps, no repeats
        assertThat(watched).hasSize((int) (after - startRev + 1));
      }
    }
  }
}
