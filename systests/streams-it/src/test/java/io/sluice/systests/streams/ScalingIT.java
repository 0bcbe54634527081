package io.sluice.systests.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.control.impl.ControllerImpl;
import io.pravega.client.control.impl.ControllerImplConfig;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroup;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.RetentionPolicy;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamConfiguration;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Acceptance point 8: manual split and merge under load, truncation, retention. */
class ScalingIT {
  private static NodeFixture fixture;
  private static ScheduledExecutorService executor;

  @BeforeAll
  static void start() throws Exception {
    fixture = NodeFixture.start();
    executor = Executors.newScheduledThreadPool(2);
    try (StreamManager sm = StreamManager.create(fixture.clientConfig())) {
      sm.createScope("sc");
    }
  }

  @AfterAll
  static void stop() {
    executor.shutdownNow();
    fixture.close();
  }

  private static long id(int epoch, int number) {
    return ((long) epoch << 32) | number;
  }

  @Test
  void splitAndMergeWhileWritingAndReadingThenTruncate() throws Exception {
    try (StreamManager sm = StreamManager.create(fixture.clientConfig())) {
      sm.createStream(
          "sc", "st", StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(2)).build());
    }
    try (ReaderGroupManager rgm = ReaderGroupManager.withScope("sc", fixture.clientConfig())) {
      rgm.createReaderGroup("g", ReaderGroupConfig.builder().stream("sc/st").build());
    }
    int total = 3000;
    AtomicInteger acked = new AtomicInteger();
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    ControllerImpl controller =
        new ControllerImpl(
            ControllerImplConfig.builder().clientConfig(fixture.clientConfig()).build(), executor);
    try (EventStreamClientFactory f =
            EventStreamClientFactory.withScope("sc", fixture.clientConfig());
        EventStreamWriter<String> w =
            f.createEventWriter(
                "st", new UTF8StringSerializer(), EventWriterConfig.builder().build());
        EventStreamReader<String> r1 =
            f.createReader("r1", "g", new UTF8StringSerializer(), ReaderConfig.builder().build());
        EventStreamReader<String> r2 =
            f.createReader("r2", "g", new UTF8StringSerializer(), ReaderConfig.builder().build())) {
      CompletableFuture<Void> reading =
          Readers.drainAsync(List.of(r1, r2), seen, total, Duration.ofSeconds(120));
      List<CompletableFuture<Void>> acks = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        String key = "k" + (i % 20);
        acks.add(w.writeEvent(key, key + ":" + i).thenRun(acked::incrementAndGet));
        if (i == 800) {
          Awaitility.await().until(() -> acked.get() > 400);
          Map<Double, Double> split = new HashMap<>();
          split.put(0.0, 0.25);
          split.put(0.25, 0.5);
          assertThat(
                  controller
                      .scaleStream(Stream.of("sc", "st"), List.of(id(0, 0)), split, executor)
                      .getFuture()
                      .join())
              .isTrue();
        }
        if (i == 1800) {
          Awaitility.await().until(() -> acked.get() > 1400);
          assertThat(
                  controller
                      .scaleStream(
                          Stream.of("sc", "st"),
                          List.of(id(1, 3), id(0, 1)),
                          Map.of(0.25, 1.0),
                          executor)
                      .getFuture()
                      .join())
              .isTrue();
        }
      }
      w.flush();
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
      reading.join();
    }
    assertThat(controller.getCurrentSegments("sc", "st").join().getSegments())
        .extracting(s -> s.getSegmentId())
        .containsExactlyInAnyOrder(id(1, 2), id(2, 4));
    assertThat(seen).hasSize(total);
    assertThat(new HashSet<>(seen)).hasSize(total);
    Map<String, Integer> last = new HashMap<>();
    for (String s : seen) {
      String[] p = s.split(":");
      int i = Integer.parseInt(p[1]);
      assertThat(i).isGreaterThan(last.getOrDefault(p[0], -1));
      last.put(p[0], i);
    }

    // truncate at the tail the group reached: a new group from the head sees only later events
    StreamCut tail;
    try (ReaderGroupManager rgm = ReaderGroupManager.withScope("sc", fixture.clientConfig());
        ReaderGroup g = rgm.getReaderGroup("g")) {
      tail = g.generateStreamCuts(executor).join().get(Stream.of("sc", "st"));
    }
    try (StreamManager sm = StreamManager.create(fixture.clientConfig())) {
      assertThat(sm.truncateStream("sc", "st", tail)).isTrue();
      assertThat(sm.fetchStreamInfo("sc", "st").join().getHeadStreamCut()).isEqualTo(tail);
    }
    try (EventStreamClientFactory f =
            EventStreamClientFactory.withScope("sc", fixture.clientConfig());
        EventStreamWriter<String> w =
            f.createEventWriter(
                "st", new UTF8StringSerializer(), EventWriterConfig.builder().build())) {
      for (int i = 0; i < 5; i++) {
        w.writeEvent("k" + i, "after:" + i);
      }
      w.flush();
      try (ReaderGroupManager rgm = ReaderGroupManager.withScope("sc", fixture.clientConfig())) {
        rgm.createReaderGroup("fresh", ReaderGroupConfig.builder().stream("sc/st").build());
      }
      List<String> fresh = Collections.synchronizedList(new ArrayList<>());
      try (EventStreamReader<String> r =
          f.createReader(
              "r", "fresh", new UTF8StringSerializer(), ReaderConfig.builder().build())) {
        Readers.drain(List.of(r), fresh, 5, Duration.ofSeconds(30));
        assertThat(r.readNextEvent(500).getEvent()).isNull();
      }
      assertThat(fresh)
          .containsExactlyInAnyOrder("after:0", "after:1", "after:2", "after:3", "after:4");
    }
  }

  @Test
  void retentionBySizeAndByTimeTruncatesTheHead() {
    try (StreamManager sm = StreamManager.create(fixture.clientConfig());
        EventStreamClientFactory f =
            EventStreamClientFactory.withScope("sc", fixture.clientConfig())) {
      sm.createStream(
          "sc",
          "bysize",
          StreamConfiguration.builder()
              .scalingPolicy(ScalingPolicy.fixed(1))
              .retentionPolicy(RetentionPolicy.bySizeBytes(4096))
              .build());
      sm.createStream(
          "sc",
          "bytime",
          StreamConfiguration.builder()
              .scalingPolicy(ScalingPolicy.fixed(1))
              .retentionPolicy(RetentionPolicy.byTime(Duration.ofSeconds(2)))
              .build());
      String kb = "x".repeat(1024);
      try (EventStreamWriter<String> size =
              f.createEventWriter(
                  "bysize", new UTF8StringSerializer(), EventWriterConfig.builder().build());
          EventStreamWriter<String> time =
              f.createEventWriter(
                  "bytime", new UTF8StringSerializer(), EventWriterConfig.builder().build())) {
        for (int i = 0; i < 8; i++) {
          size.writeEvent(kb).join();
          time.writeEvent(kb).join();
        }
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  size.writeEvent(kb).join();
                  return head(sm, "bysize") > 0 && head(sm, "bytime") > 0;
                });
      }
      long tail =
          sm.fetchStreamInfo("sc", "bysize")
              .join()
              .getTailStreamCut()
              .asImpl()
              .getPositions()
              .values()
              .iterator()
              .next();
      assertThat(tail - head(sm, "bysize")).isGreaterThanOrEqualTo(4096);
    }
  }

  private static long head(StreamManager sm, String stream) {
    return sm
        .fetchStreamInfo("sc", stream)
        .join()
        .getHeadStreamCut()
        .asImpl()
        .getPositions()
        .values()
        .stream()
        .mapToLong(Long::longValue)
        .sum();
  }
}
