package io.sluice.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.sluice.sessions.client.KindSpec;
import io.sluice.sessions.client.Session;
import io.sluice.sessions.client.SessionView;
import io.sluice.sessions.client.SessionsError;
import io.sluice.sessions.client.SessionsException;
import io.sluice.sessions.testing.FaceFixture;
import io.sluice.sessions.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionsOperationsTest {
  @TempDir Path dir;
  FaceFixture f;

  @BeforeEach
  void start() {
    f = new FaceFixture(dir, new TestClock(1_000_000), FaceFixture.smallOptions().build());
    f.client.defineKind(KindSpec.of(7, Duration.ofSeconds(30)));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static void assertError(ThrowingCallable call, SessionsError error, Status.Code code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            SessionsException.class,
            e -> {
              assertThat(e.error()).isEqualTo(error);
              assertThat(e.error().statusCode()).isEqualTo(code);
              assertThat(e.getMessage()).contains(code.name());
            });
  }

  @Test
  void openAppendReplaceGet() {
    Session s = f.client.open(7);
    assertThat(s.id()).isPositive();
    assertThat(s.append(b("a"), b("b"))).isEqualTo(2);
    assertThat(s.append(b("c"))).isEqualTo(3);
    SessionView v = f.client.get(s.id(), true);
    assertThat(v.state()).isEqualTo("OPEN");
    assertThat(v.kind()).isEqualTo(7);
    assertThat(v.records()).containsExactly(b("a"), b("b"), b("c"));
    s.replace(b("only"));
    assertThat(f.client.get(s.id(), true).records()).containsExactly(b("only"));
    assertThat(f.client.open(7).id()).isGreaterThan(s.id());
  }

  @Test
  void kindsAreListedAndValidated() {
    assertThat(f.client.kinds()).extracting(KindSpec::kind).contains(0, 7);
    assertError(
        () -> f.client.defineKind(KindSpec.of(8, Duration.ofSeconds(1)).withMaxAttempts(3, 99)),
        SessionsError.BAD_REQUEST,
        Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void unknownIdIsNotFound() {
    assertError(
        () -> f.client.session(123_456_789).append(b("x")),
        SessionsError.UNKNOWN_SESSION,
        Status.Code.NOT_FOUND);
    assertError(
        () -> f.client.get(987_654_321, false),
        SessionsError.UNKNOWN_SESSION,
        Status.Code.NOT_FOUND);
  }

  @Test
  void unknownKindIsNotFound() {
    assertError(() -> f.client.open(4242), SessionsError.UNKNOWN_KIND, Status.Code.NOT_FOUND);
  }

  @Test
  void operationsOnDeletedSessionFailPrecondition() {
    Session s = f.client.open(7);
    s.append(b("x"));
    s.delete();
    assertError(
        () -> s.append(b("y")), SessionsError.SESSION_FINISHED, Status.Code.FAILED_PRECONDITION);
    assertError(
        () -> s.replace(b("y")), SessionsError.SESSION_FINISHED, Status.Code.FAILED_PRECONDITION);
    assertError(s::delete, SessionsError.SESSION_FINISHED, Status.Code.FAILED_PRECONDITION);
    assertError(
        () -> s.store(Duration.ofSeconds(1)),
        SessionsError.SESSION_FINISHED,
        Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void storedSessionIsClosedToItsCreator() {
    Session s = f.client.open(7);
    s.append(b("x"));
    s.store(Duration.ofSeconds(5));
    assertThat(f.client.get(s.id(), false).state()).isEqualTo("STORED");
    assertError(
        () -> s.append(b("y")), SessionsError.SESSION_STORED, Status.Code.FAILED_PRECONDITION);
    assertError(
        () -> f.client.session(s.id(), 3).delete(),
        SessionsError.LEASE_LOST,
        Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void oversizeRecordsAndSessionsAreRefused() {
    Session s = f.client.open(7);
    assertError(
        () -> s.append(new byte[(64 << 10) + 1]),
        SessionsError.RECORD_TOO_LARGE,
        Status.Code.INVALID_ARGUMENT);
    assertError(
        () -> s.replace(new byte[(64 << 10) + 1]),
        SessionsError.RECORD_TOO_LARGE,
        Status.Code.INVALID_ARGUMENT);
    for (int i = 0; i < 3; i++) {
      s.append(new byte[60 << 10]);
    }
    assertError(
        () -> s.append(new byte[60 << 10], new byte[60 << 10]),
        SessionsError.SESSION_TOO_LARGE,
        Status.Code.RESOURCE_EXHAUSTED);
    // the refused append changed nothing; the session still works
    assertThat(s.append(b("small"))).isEqualTo(4);
    s.replace(b("reset"));
    assertThat(s.append(new byte[60 << 10], new byte[60 << 10])).isEqualTo(3);
  }

  @Test
  void emptyAppendIsBadRequest() {
    Session s = f.client.open(7);
    assertError(s::append, SessionsError.BAD_REQUEST, Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void oversizeGrpcMessageIsRefusedWithoutHarm() {
    Session s = f.client.open(7);
    assertThatThrownBy(() -> s.append(new byte[2 << 20]))
        .isInstanceOf(SessionsException.class)
        .hasMessageContaining("RESOURCE_EXHAUSTED");
    assertThat(s.append(b("ok"))).isEqualTo(1);
    assertThat(f.client.get(s.id(), true).records()).containsExactly(b("ok"));
  }
}
