package io.sluice.systests.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.StreamConfiguration;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance points 10 and 2 (exactly once across reconnects): the node is killed with SIGKILL
 * while a writer runs, restarted on the same data and ports; the writer reconnects and resends what
 * was not acknowledged, and a reader group then reads every acknowledged event exactly once, in
 * per-key order, with no gap.
 */
class CrashIT {
  private static NodeFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = NodeFixture.start();
    try (StreamManager sm = StreamManager.create(fixture.clientConfig())) {
      sm.createScope("cr");
      sm.createStream(
          "cr", "st", StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(3)).build());
    }
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void sigkillDuringWritesLosesNothingAcknowledgedAndDuplicatesNothing() throws Exception {
    int total = 6000;
    Set<String> acked = ConcurrentHashMap.newKeySet();
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    try (EventStreamClientFactory f =
            EventStreamClientFactory.withScope("cr", fixture.clientConfig());
        EventStreamWriter<String> w =
            f.createEventWriter(
                "st",
                new UTF8StringSerializer(),
                EventWriterConfig.builder().retryAttempts(50).maxBackoffMillis(1000).build())) {
      for (int i = 0; i < total; i++) {
        String key = "k" + (i % 10);
        String event = key + ":" + i;
        futures.add(w.writeEvent(key, event).thenRun(() -> acked.add(event)));
        if (i == total / 3) {
          Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() > total / 6);
          fixture.node.kill9();
          fixture.node.restart();
        }
      }
      w.flush();
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    }
    assertThat(acked).hasSize(total);

    try (ReaderGroupManager rgm = ReaderGroupManager.withScope("cr", fixture.clientConfig())) {
      rgm.createReaderGroup("g", ReaderGroupConfig.builder().stream("cr/st").build());
    }
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    try (EventStreamClientFactory f =
            EventStreamClientFactory.withScope("cr", fixture.clientConfig());
        EventStreamReader<String> r1 =
            f.createReader("r1", "g", new UTF8StringSerializer(), ReaderConfig.builder().build());
        EventStreamReader<String> r2 =
            f.createReader("r2", "g", new UTF8StringSerializer(), ReaderConfig.builder().build())) {
      Readers.drain(List.of(r1, r2), seen, total, Duration.ofSeconds(90));
    }
    assertThat(new HashSet<>(seen)).hasSize(seen.size());
    assertThat(new HashSet<>(seen)).isEqualTo(acked);
    Map<String, Integer> last = new HashMap<>();
    for (String s : seen) {
      String[] p = s.split(":");
      int i = Integer.parseInt(p[1]);
      assertThat(i).isGreaterThan(last.getOrDefault(p[0], -1));
      last.put(p[0], i);
    }
  }
}
