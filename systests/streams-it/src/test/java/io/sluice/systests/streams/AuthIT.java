package io.sluice.systests.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.pravega.client.stream.impl.UTF8StringSerializer;
import io.pravega.shared.security.auth.DefaultCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance point 9 (Basic credentials part): with {@code --streams-auth-users} the controller
 * checks credentials and the segment store checks the delegation tokens the controller issued.
 */
class AuthIT {
  private static NodeFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = NodeFixture.start("--streams-auth-users", "admin:1111_aaaa,reader:r");
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static ClientConfig as(String user, String password) {
    return ClientConfig.builder()
        .controllerURI(fixture.controllerUri())
        .credentials(new DefaultCredentials(password, user))
        .build();
  }

  @Test
  void basicCredentialsAndDelegationTokens() {
    ClientConfig admin = as("admin", "1111_aaaa");
    try (StreamManager sm = StreamManager.create(admin)) {
      assertThat(sm.createScope("au")).isTrue();
      assertThat(
              sm.createStream(
                  "au",
                  "st",
                  StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(2)).build()))
          .isTrue();
    }
    try (EventStreamClientFactory f = EventStreamClientFactory.withScope("au", admin);
        EventStreamWriter<String> w =
            f.createEventWriter(
                "st", new UTF8StringSerializer(), EventWriterConfig.builder().build())) {
      for (int i = 0; i < 20; i++) {
        w.writeEvent("k" + i, "e" + i);
      }
      w.flush();
    }
    try (ReaderGroupManager rgm = ReaderGroupManager.withScope("au", admin)) {
      rgm.createReaderGroup("g", ReaderGroupConfig.builder().stream("au/st").build());
    }
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    try (EventStreamClientFactory f = EventStreamClientFactory.withScope("au", admin);
        EventStreamReader<String> r =
            f.createReader("r", "g", new UTF8StringSerializer(), ReaderConfig.builder().build())) {
      Readers.drain(List.of(r), seen, 20, Duration.ofSeconds(30));
    }
    assertThat(seen).hasSize(20);

    try (StreamManager wrong = StreamManager.create(as("admin", "wrong"))) {
      assertThatThrownBy(() -> wrong.createScope("other"))
          .hasStackTraceContaining("UNAUTHENTICATED: Authentication failed");
    }
    try (StreamManager anonymous =
        StreamManager.create(
            ClientConfig.builder().controllerURI(fixture.controllerUri()).build())) {
      assertThatThrownBy(() -> anonymous.checkScopeExists("au"))
          .hasStackTraceContaining("UNAUTHENTICATED");
    }
  }
}
