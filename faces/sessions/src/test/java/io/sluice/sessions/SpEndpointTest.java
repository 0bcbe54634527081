package io.sluice.sessions;

import static io.sluice.sessions.SessionsOperationsTest.assertError;
import static io.sluice.sessions.SessionsOperationsTest.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.sluice.sessions.client.Session;
import io.sluice.sessions.client.SessionsError;
import io.sluice.sessions.testing.FaceFixture;
import io.sluice.sessions.testing.TestClock;
import io.sluice.sp.Protocol;
import io.sluice.sp.SocketOptions;
import io.sluice.sp.SpSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kind configured with an SP endpoint: the node dials a REP peer and applies its replies. */
class SpEndpointTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  TestClock clock = new TestClock(1_000_000);
  SpSocket peer;
  FaceFixture f;

  @BeforeEach
  void start() {
    peer = SpSocket.open(Protocol.REP, SocketOptions.defaults().withRecvTimeoutMillis(10_000));
    int port = peer.bind("tcp://127.0.0.1:0").port();
    String kinds =
        "9:timeout=60s;5:timeout=0s,max-attempts=3,dead-letter=9,endpoint=tcp://127.0.0.1:"
            + port
            + ",request-timeout=300ms";
    f =
        new FaceFixture(
            dir, clock, FaceFixture.smallOptions().kindsConfig(KindsConfig.parse(kinds)).build());
  }

  @AfterEach
  void stop() {
    f.close();
    peer.close();
  }

  private String request() {
    return new String(peer.recv().body(), StandardCharsets.UTF_8);
  }

  @Test
  void deliveredSessionsGoToThePeerAndItsRepliesApply() {
    Session s = f.client.open(5);
    s.append(b("a"), b("b"));
    s.store(Duration.ZERO);

    String first = request();
    assertThat(first)
        .startsWith(
            "{\"id\":" + s.id() + ",\"kind\":5,\"attempt\":1,\"records\":[\"YQ==\",\"Yg==\"]")
        .contains("\"original_kind\":5")
        .contains("\"due_at_millis\":1000000")
        .endsWith("}");
    peer.send("REPLACE 0\nnew");

    String second = request();
    assertThat(second).contains("\"attempt\":2,\"records\":[\"bmV3\"]");
    peer.send("APPEND\nmore");

    // APPEND without a timeout stores with the kind's default (0 s): due again at once
    assertThat(request()).contains("\"attempt\":3,\"records\":[\"bmV3\",\"bW9yZQ==\"]");
    peer.send("DELETE");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertError(
                    () -> f.client.get(s.id(), false),
                    SessionsError.SESSION_FINISHED,
                    Status.Code.FAILED_PRECONDITION));
  }

  @Test
  void storeReplyKeepsTheSessionAndABadReplyIsAFailedAttempt() {
    Session s = f.client.open(5);
    s.append(b("x"));
    s.store(Duration.ZERO);
    assertThat(request()).contains("\"attempt\":1");
    peer.send("NONSENSE");
    assertThat(request()).contains("\"attempt\":2");
    peer.send("store 60000\n");
    await().atMost(WAIT).until(() -> f.client.get(s.id(), false).state().equals("STORED"));
    assertThat(f.client.get(s.id(), false).dueAtMillis()).isEqualTo(1_000_000 + 60_000);
    assertThat(f.client.get(s.id(), false).kind()).isEqualTo(5);
  }

  @Test
  void noReplyOrADeadPeerFailsTheAttemptUntilTheSessionIsDeadLettered() {
    Session s = f.client.open(5);
    s.append(b("poison"));
    s.store(Duration.ZERO);
    assertThat(request()).contains("\"attempt\":1");
    // no reply: the request times out; then the peer dies
    peer.close();
    await().atMost(WAIT).until(() -> f.client.get(s.id(), false).kind() == 9);
    assertThat(f.client.get(s.id(), false).attempt()).isEqualTo(3);
    assertThat(f.client.get(s.id(), false).originalKind()).isEqualTo(5);
    assertThat(f.face.stats().deadLettered()).isEqualTo(1);
  }
}
