package io.sluice.systests.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pravega.client.admin.StreamInfo;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.RetentionPolicy;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.StreamConfiguration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Acceptance point 1: scopes and streams through the Pravega StreamManager. */
class ScopesAndStreamsIT {
  private static NodeFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = NodeFixture.start();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void createListUpdateSealDelete() {
    try (StreamManager sm = StreamManager.create(fixture.clientConfig())) {
      assertThat(sm.createScope("sc1")).isTrue();
      assertThat(sm.createScope("sc1")).isFalse();
      assertThat(sm.checkScopeExists("sc1")).isTrue();
      assertThat(sm.checkScopeExists("nope")).isFalse();
      StreamConfiguration three =
          StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(3)).build();
      assertThat(sm.createStream("sc1", "st", three)).isTrue();
      assertThat(sm.createStream("sc1", "st", three)).isFalse();
      assertThat(sm.createStream("sc1", "other", StreamConfiguration.builder().build())).isTrue();
      assertThat(sm.checkStreamExists("sc1", "st")).isTrue();
      assertThat(sm.checkStreamExists("sc1", "none")).isFalse();

      List<String> streams = new ArrayList<>();
      sm.listStreams("sc1").forEachRemaining(s -> streams.add(s.getStreamName()));
      assertThat(streams).containsExactlyInAnyOrder("st", "other");
      List<String> scopes = new ArrayList<>();
      sm.listScopes().forEachRemaining(scopes::add);
      assertThat(scopes).contains("sc1");

      StreamConfiguration retained =
          StreamConfiguration.builder()
              .scalingPolicy(ScalingPolicy.fixed(3))
              .retentionPolicy(RetentionPolicy.bySizeBytes(1 << 20))
              .build();
      assertThat(sm.updateStream("sc1", "st", retained)).isTrue();
      StreamInfo info = sm.fetchStreamInfo("sc1", "st").join();
      assertThat(info.getStreamConfiguration().getRetentionPolicy())
          .isEqualTo(RetentionPolicy.bySizeBytes(1 << 20));
      assertThat(info.getTailStreamCut().asImpl().getPositions()).hasSize(3);
      assertThat(info.getHeadStreamCut().asImpl().getPositions()).hasSize(3);
      assertThat(sm.getStreamTags("sc1", "st")).isEmpty();

      assertThatThrownBy(() -> sm.deleteScope("sc1")).hasMessageContaining("not empty");
      assertThat(sm.sealStream("sc1", "st")).isTrue();
      assertThat(sm.deleteStream("sc1", "st")).isTrue();
      assertThat(sm.checkStreamExists("sc1", "st")).isFalse();
      assertThat(sm.sealStream("sc1", "other")).isTrue();
      assertThat(sm.deleteStream("sc1", "other")).isTrue();
      assertThat(sm.deleteScope("sc1")).isTrue();
      assertThat(sm.checkScopeExists("sc1")).isFalse();
    }
  }
}
