package io.sluice.systests.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.pravega.client.ClientConfig;
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
import io.pravega.client.stream.impl.ByteBufferSerializer;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Acceptance points 2 and 3: event writers with routing keys and reader groups. */
class EventsIT {
  private static NodeFixture fixture;
  private static ClientConfig config;

  @BeforeAll
  static void start() throws Exception {
    fixture = NodeFixture.start();
    config = fixture.clientConfig();
    try (StreamManager sm = StreamManager.create(config)) {
      sm.createScope("ev");
    }
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static void createStream(String name, int segments) {
    try (StreamManager sm = StreamManager.create(config)) {
      assertThat(
              sm.createStream(
                  "ev",
                  name,
                  StreamConfiguration.builder()
                      .scalingPolicy(ScalingPolicy.fixed(segments))
                      .build()))
          .isTrue();
    }
  }

  @Test
  void manyWritersWithRoutingKeysReadOnceInKeyOrderByAReaderGroup() throws Exception {
    createStream("keys", 3);
    int writers = 4;
    int perWriter = 500;
    try (EventStreamClientFactory f = EventStreamClientFactory.withScope("ev", config)) {
      List<EventStreamWriter<String>> ws = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        ws.add(
            f.createEventWriter(
                "keys", new UTF8StringSerializer(), EventWriterConfig.builder().build()));
      }
      List<CompletableFuture<Void>> acks = new ArrayList<>();
      for (int i = 0; i < perWriter; i++) {
        for (int w = 0; w < writers; w++) {
          String key = "k" + (i % 10);
          acks.add(ws.get(w).writeEvent(key, w + ":" + key + ":" + i));
        }
      }
      ws.forEach(EventStreamWriter::flush);
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
      ws.forEach(EventStreamWriter::close);

      try (ReaderGroupManager rgm = ReaderGroupManager.withScope("ev", config)) {
        rgm.createReaderGroup(
            "keysgroup",
            ReaderGroupConfig.builder().stream("ev/keys").disableAutomaticCheckpoints().build());
      }
      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      int total = writers * perWriter;
      try (EventStreamReader<String> r1 =
              f.createReader(
                  "r1", "keysgroup", new UTF8StringSerializer(), ReaderConfig.builder().build());
          EventStreamReader<String> r2 =
              f.createReader(
                  "r2", "keysgroup", new UTF8StringSerializer(), ReaderConfig.builder().build())) {
        Readers.drain(List.of(r1, r2), seen, total, Duration.ofSeconds(60));
      }
      assertThat(seen).hasSize(writers * perWriter);
      assertThat(new HashSet<>(seen)).hasSize(writers * perWriter);
      Map<String, Integer> last = new HashMap<>();
      for (String s : seen) {
        String[] p = s.split(":");
        String writerKey = p[0] + ":" + p[1];
        int seq = Integer.parseInt(p[2]);
        assertThat(seq).isGreaterThan(last.getOrDefault(writerKey, -1));
        last.put(writerKey, seq);
      }
    }
  }

  @Test
  void checkpointsStreamCutsRebalancingAndReaderOffline() throws Exception {
    createStream("cp", 4);
    int total = 400;
    java.util.concurrent.ScheduledExecutorService executor =
        java.util.concurrent.Executors.newScheduledThreadPool(1);
    try (EventStreamClientFactory f = EventStreamClientFactory.withScope("ev", config);
        ReaderGroupManager rgm = ReaderGroupManager.withScope("ev", config)) {
      try (EventStreamWriter<String> w =
          f.createEventWriter(
              "cp", new UTF8StringSerializer(), EventWriterConfig.builder().build())) {
        for (int i = 0; i < total; i++) {
          w.writeEvent("k" + (i % 16), "e" + i);
        }
        w.flush();
      }
      rgm.createReaderGroup(
          "cpgroup",
          ReaderGroupConfig.builder().stream("ev/cp")
              .disableAutomaticCheckpoints()
              .groupRefreshTimeMillis(200)
              .build());
      io.pravega.client.stream.ReaderGroup group = rgm.getReaderGroup("cpgroup");
      List<String> one = Collections.synchronizedList(new ArrayList<>());
      List<String> two = Collections.synchronizedList(new ArrayList<>());
      List<String> all = Collections.synchronizedList(new ArrayList<>());
      try (EventStreamReader<String> r1 =
              f.createReader(
                  "r1", "cpgroup", new UTF8StringSerializer(), ReaderConfig.builder().build());
          EventStreamReader<String> r2 =
              f.createReader(
                  "r2", "cpgroup", new UTF8StringSerializer(), ReaderConfig.builder().build())) {
        CompletableFuture<io.pravega.client.stream.Checkpoint> cp =
            group.initiateCheckpoint("cp1", executor);
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (var pair : List.of(Map.entry(r1, one), Map.entry(r2, two))) {
          loops.add(
              Readers.drainAsync(
                  List.of(pair.getKey()),
                  new Tee(pair.getValue(), all),
                  total,
                  Duration.ofSeconds(60)));
        }
        assertThat(cp.get(60, java.util.concurrent.TimeUnit.SECONDS).getName()).isEqualTo("cp1");
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
        assertThat(group.getOnlineReaders()).containsExactlyInAnyOrder("r1", "r2");
        assertThat(group.getReaderSegmentDistribution().getReaderSegmentDistribution())
            .containsKeys("r1", "r2");
      }
      assertThat(all).hasSize(total);
      assertThat(new HashSet<>(all)).hasSize(total);
      assertThat(one).isNotEmpty();
      assertThat(two).isNotEmpty();
      Map<io.pravega.client.stream.Stream, io.pravega.client.stream.StreamCut> cuts =
          group.getStreamCuts();
      assertThat(cuts).containsKey(io.pravega.client.stream.Stream.of("ev", "cp"));
      assertThat(cuts.values().iterator().next().asImpl().getPositions()).hasSize(4);

      EventStreamReader<String> idle =
          f.createReader(
              "r3", "cpgroup", new UTF8StringSerializer(), ReaderConfig.builder().build());
      assertThat(group.getOnlineReaders()).contains("r3");
      group.readerOffline("r3", null);
      assertThat(group.getOnlineReaders()).doesNotContain("r3");
      idle.close();
      group.close();
    } finally {
      executor.shutdownNow();
    }
  }

  /** A list view that adds to two lists (a reader's own and the shared one). */
  private static final class Tee extends java.util.AbstractList<String> {
    private final List<String> own;
    private final List<String> shared;

    Tee(List<String> own, List<String> shared) {
      this.own = own;
      this.shared = shared;
    }

    @Override
    public boolean add(String s) {
      own.add(s);
      return shared.add(s);
    }

    @Override
    public String get(int i) {
      return shared.get(i);
    }

    @Override
    public int size() {
      return shared.size();
    }
  }

  @Test
  void eventsUpTo8MibAndLargeEvents() throws Exception {
    createStream("big", 1);
    Random rnd = new Random(7);
    byte[] eightMib = new byte[8 * 1024 * 1024];
    byte[] large = new byte[20 * 1024 * 1024];
    rnd.nextBytes(eightMib);
    rnd.nextBytes(large);
    try (EventStreamClientFactory f = EventStreamClientFactory.withScope("ev", config)) {
      try (EventStreamWriter<ByteBuffer> w =
          f.createEventWriter(
              "big",
              new ByteBufferSerializer(),
              EventWriterConfig.builder().enableLargeEvents(true).build())) {
        w.writeEvent("a", ByteBuffer.wrap(new byte[] {1, 2, 3})).join();
        w.writeEvent("a", ByteBuffer.wrap(eightMib)).join();
        w.writeEvent("a", ByteBuffer.wrap(large)).join();
        w.writeEvent("a", ByteBuffer.wrap(new byte[] {4})).join();
      }
      try (ReaderGroupManager rgm = ReaderGroupManager.withScope("ev", config)) {
        rgm.createReaderGroup("biggroup", ReaderGroupConfig.builder().stream("ev/big").build());
      }
      try (EventStreamReader<ByteBuffer> r =
          f.createReader(
              "r", "biggroup", new ByteBufferSerializer(), ReaderConfig.builder().build())) {
        List<Integer> sizes = new ArrayList<>();
        Set<Integer> hashes = new HashSet<>();
        for (int i = 0; i < 40 && sizes.size() < 4; i++) {
          ByteBuffer e = r.readNextEvent(1000).getEvent();
          if (e != null) {
            sizes.add(e.remaining());
            hashes.add(e.hashCode());
          }
        }
        assertThat(sizes).containsExactly(3, eightMib.length, large.length, 1);
        assertThat(hashes)
            .contains(ByteBuffer.wrap(eightMib).hashCode(), ByteBuffer.wrap(large).hashCode());
      }
    }
  }
}
