package io.sluice.systests.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.pravega.client.SynchronizerClientFactory;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.state.Revision;
import io.pravega.client.state.RevisionedStreamClient;
import io.pravega.client.state.SynchronizerConfig;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.StreamConfiguration;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance point 6: RevisionedStreamClient conditional appends and marks (the state synchronizer
 * is built on it; reader groups exercise it in {@link EventsIT}).
 */
class SynchronizerIT {
  private static NodeFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = NodeFixture.start();
    try (StreamManager sm = StreamManager.create(fixture.clientConfig())) {
      sm.createScope("sy");
      sm.createStream(
          "sy",
          "state",
          StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(1)).build());
    }
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void conditionalWritesMarksAndTruncation() {
    try (SynchronizerClientFactory f =
            SynchronizerClientFactory.withScope("sy", fixture.clientConfig());
        RevisionedStreamClient<String> a =
            f.createRevisionedStreamClient(
                "state", new UTF8StringSerializer(), SynchronizerConfig.builder().build());
        RevisionedStreamClient<String> b =
            f.createRevisionedStreamClient(
                "state", new UTF8StringSerializer(), SynchronizerConfig.builder().build())) {
      Revision start = a.fetchLatestRevision();
      Revision r1 = a.writeConditionally(start, "one");
      assertThat(r1).isNotNull();
      assertThat(b.writeConditionally(start, "stale")).isNull();
      Revision r2 = b.writeConditionally(r1, "two");
      assertThat(r2).isNotNull();
      b.writeUnconditionally("three");

      List<String> seen = new ArrayList<>();
      Iterator<Map.Entry<Revision, String>> it = a.readFrom(start);
      it.forEachRemaining(e -> seen.add(e.getValue()));
      assertThat(seen).containsExactly("one", "two", "three");

      assertThat(a.getMark()).isNull();
      assertThat(a.compareAndSetMark(null, r1)).isTrue();
      assertThat(b.compareAndSetMark(null, r2)).isFalse();
      assertThat(b.getMark()).isEqualTo(r1);

      a.truncateToRevision(r2);
      assertThat(a.fetchOldestRevision()).isEqualTo(r2);
      List<String> after = new ArrayList<>();
      a.readFrom(r2).forEachRemaining(e -> after.add(e.getValue()));
      assertThat(after).containsExactly("three");
    }
  }
}
