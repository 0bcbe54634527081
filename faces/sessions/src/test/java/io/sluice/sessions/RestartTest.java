package io.sluice.sessions;

import static io.sluice.sessions.SessionsOperationsTest.assertError;
import static io.sluice.sessions.SessionsOperationsTest.b;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.sluice.sessions.client.KindSpec;
import io.sluice.sessions.client.Session;
import io.sluice.sessions.client.SessionsError;
import io.sluice.sessions.testing.FaceFixture;
import io.sluice.sessions.testing.RawHandler;
import io.sluice.sessions.testing.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartTest {
  static final Duration QUIET = Duration.ofMillis(200);
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  TestClock clock = new TestClock(5_000_000);
  FaceFixture f;

  @BeforeEach
  void start() {
    f = new FaceFixture(dir, clock, FaceFixture.smallOptions().build());
    f.client.defineKind(KindSpec.of(3, Duration.ofSeconds(30)));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private RawHandler handler(int kind) {
    return new RawHandler(f.client.channel(), kind, Duration.ofSeconds(60), 4);
  }

  @Test
  void timerSurvivesRestartCountingFromTheStore() {
    Session s = f.client.open(3);
    s.append(b("timer"));
    long storedAt = clock.currentTimeMillis();
    s.store(Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(2));
    f.restart();
    try (RawHandler h = handler(3)) {
      clock.advance(Duration.ofMillis(2_900));
      assertThat(h.poll(QUIET)).isNull();
      clock.advance(Duration.ofMillis(100));
      var d = h.poll(WAIT);
      assertThat(d).isNotNull();
      assertThat(d.getId()).isEqualTo(s.id());
      assertThat(d.getDueAtMillis()).isEqualTo(storedAt + 5_000);
      assertThat(d.getRecordsList()).extracting(r -> r.toStringUtf8()).containsExactly("timer");
    }
  }

  @Test
  void openSessionAtRestartIsRedeliveredAfterTheKindTimeout() {
    Session s = f.client.open(3);
    s.append(b("a"), b("b"));
    f.restart();
    long restartedAt = clock.currentTimeMillis();
    assertError(
        () -> f.client.session(s.id()).append(b("c")),
        SessionsError.SESSION_STORED,
        Status.Code.FAILED_PRECONDITION);
    assertThat(f.client.get(s.id(), false).dueAtMillis()).isEqualTo(restartedAt + 30_000);
    try (RawHandler h = handler(3)) {
      clock.advance(Duration.ofMillis(29_900));
      assertThat(h.poll(QUIET)).isNull();
      clock.advance(Duration.ofMillis(100));
      var d = h.poll(WAIT);
      assertThat(d.getId()).isEqualTo(s.id());
      assertThat(d.getAttempt()).isEqualTo(1);
      assertThat(d.getRecordsList()).extracting(r -> r.toStringUtf8()).containsExactly("a", "b");
    }
  }

  @Test
  void deliveredSessionAtRestartKeepsItsAttemptCount() {
    Session s = f.client.open(3);
    s.store(Duration.ZERO);
    try (RawHandler h = handler(3)) {
      assertThat(h.poll(WAIT).getAttempt()).isEqualTo(1);
    }
    // the handler is gone and the lease was taken back; deliver it once more then restart
    try (RawHandler h = handler(3)) {
      assertThat(h.poll(WAIT).getAttempt()).isEqualTo(2);
      f.restart();
    }
    try (RawHandler h = handler(3)) {
      clock.advance(Duration.ofSeconds(30));
      var d = h.poll(WAIT);
      assertThat(d.getId()).isEqualTo(s.id());
      assertThat(d.getAttempt()).isEqualTo(3);
    }
  }

  @Test
  void finishedSessionsStayFinishedAndIdsAreNotReused() {
    Session gone = f.client.open(3);
    gone.append(b("x"));
    gone.delete();
    Session kept = f.client.open(3);
    kept.append(b("kept"));
    kept.store(Duration.ofHours(1));
    f.restart();
    assertError(
        () -> f.client.session(gone.id()).append(b("y")),
        SessionsError.SESSION_FINISHED,
        Status.Code.FAILED_PRECONDITION);
    assertThat(f.client.open(3).id()).isGreaterThan(kept.id());
    assertThat(f.client.get(kept.id(), true).records()).containsExactly(b("kept"));
    assertThat(f.client.kinds()).extracting(KindSpec::kind).contains(3);
  }
}
