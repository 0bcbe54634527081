package io.sluice.sessions;

import static io.sluice.sessions.SessionsOperationsTest.b;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.sessions.client.KindSpec;
import io.sluice.sessions.client.Session;
import io.sluice.sessions.testing.FaceFixture;
import io.sluice.sessions.testing.RawHandler;
import io.sluice.sessions.testing.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionsMetricsTest {
  @TempDir Path dir;
  TestClock clock = new TestClock(1_000_000);
  FaceFixture f;
  SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void start() {
    f = new FaceFixture(dir, clock, FaceFixture.smallOptions().build());
    f.client.defineKind(KindSpec.of(9, Duration.ofSeconds(60)));
    f.client.defineKind(KindSpec.of(7, Duration.ofSeconds(30)).withMaxAttempts(2, 9));
    f.face.bindMetrics(registry);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private double counter(String name) {
    return registry.get(name).functionCounter().count();
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  /** Lets the next reading take a fresh snapshot (they are cached for a second). */
  private void nextScrape() {
    clock.advance(Duration.ofSeconds(2));
  }

  @Test
  void countsDeliveriesRedeliveriesDeadLettersAndOpenSessions() {
    Session open = f.client.open(7);
    Session s = f.client.open(7);
    s.append(b("x"));
    s.store(Duration.ZERO);
    assertThat(gauge("sluice.sessions.open")).isEqualTo(1);
    assertThat(gauge("sluice.sessions.live")).isEqualTo(2);
    try (RawHandler h = new RawHandler(f.client.channel(), 7, Duration.ofSeconds(30), 1)) {
      assertThat(h.poll(Duration.ofSeconds(10)).getAttempt()).isEqualTo(1);
      f.client.session(s.id(), 1).store(Duration.ZERO);
      assertThat(h.poll(Duration.ofSeconds(10)).getAttempt()).isEqualTo(2);
      f.client.session(s.id(), 2).store(Duration.ZERO);
      // two deliveries had: the third due time moves it to kind 9
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> f.client.get(s.id(), false).kind() == 9);
    }
    nextScrape();
    assertThat(counter("sluice.sessions.deliveries")).isEqualTo(2);
    assertThat(counter("sluice.sessions.redeliveries")).isEqualTo(1);
    assertThat(counter("sluice.sessions.dead.lettered")).isEqualTo(1);
    assertThat(counter("sluice.sessions.operations.acknowledged")).isGreaterThanOrEqualTo(5);
    assertThat(gauge("sluice.sessions.open")).isEqualTo(1);
    assertThat(gauge("sluice.sessions.stored")).isEqualTo(1);
    assertThat(gauge("sluice.sessions.log.bytes")).isPositive();
    open.delete();
    nextScrape();
    assertThat(gauge("sluice.sessions.open")).isZero();
    assertThat(gauge("sluice.sessions.live")).isEqualTo(1);
  }
}
