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
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Acceptance point 9 (TLS part): both ports serve TLS when a certificate is given. */
class TlsIT {
  private static NodeFixture fixture;
  private static Path cert;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("streams-tls");
    cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "openssl",
                  "req",
                  "-x509",
                  "-newkey",
                  "rsa:2048",
                  "-nodes",
                  "-days",
                  "1",
                  "-subj",
                  "/CN=localhost",
                  "-addext",
                  "subjectAltName=IP:127.0.0.1,DNS:localhost",
                  "-keyout",
                  key.toString(),
                  "-out",
                  cert.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "openssl is needed to make a test certificate: apt-get install openssl", e);
    }
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).as("openssl req exit status").isZero();
    fixture =
        NodeFixture.start(
            "--streams-tls-certificate", cert.toString(), "--streams-tls-key", key.toString());
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void clientTalksTlsToControllerAndSegmentStore() {
    ClientConfig tls =
        ClientConfig.builder()
            .controllerURI(URI.create("tls://127.0.0.1:" + fixture.node.port("controller")))
            .trustStore(cert.toString())
            .validateHostName(false)
            .build();
    try (StreamManager sm = StreamManager.create(tls)) {
      assertThat(sm.createScope("tl")).isTrue();
      sm.createStream(
          "tl", "st", StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(1)).build());
    }
    try (EventStreamClientFactory f = EventStreamClientFactory.withScope("tl", tls)) {
      try (EventStreamWriter<String> w =
          f.createEventWriter(
              "st", new UTF8StringSerializer(), EventWriterConfig.builder().build())) {
        for (int i = 0; i < 10; i++) {
          w.writeEvent("e" + i);
        }
        w.flush();
      }
      try (ReaderGroupManager rgm = ReaderGroupManager.withScope("tl", tls)) {
        rgm.createReaderGroup("g", ReaderGroupConfig.builder().stream("tl/st").build());
      }
      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      try (EventStreamReader<String> r =
          f.createReader("r", "g", new UTF8StringSerializer(), ReaderConfig.builder().build())) {
        Readers.drain(List.of(r), seen, 10, Duration.ofSeconds(30));
      }
      assertThat(seen).hasSize(10);
    }
  }
}
