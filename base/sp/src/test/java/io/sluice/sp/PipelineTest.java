package io.sluice.sp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PUSH/PULL: load balancing, dead peers, fair queueing (nanomsg pipeline.c, NNG push/pull). */
class PipelineTest extends SpTestBase {

  @ParameterizedTest
  @EnumSource(Transport.class)
  void pushLoadBalancesRoundRobin(Transport t) {
    SpSocket push = open(Protocol.PUSH);
    String url = push.bind(t.bindUrl()).url();
    List<SpSocket> pulls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      SpSocket p = open(Protocol.PULL);
      p.connect(url);
      pulls.add(p);
    }
    awaitPeers(push, 3);
    for (int i = 0; i < 30; i++) {
      push.send("m" + i);
    }
    for (SpSocket p : pulls) {
      for (int i = 0; i < 10; i++) {
        assertThat(p.recv(5000).bodyText()).startsWith("m");
      }
      assertThat(p.tryRecv()).isNull();
    }
  }

  @Test
  void pushSkipsAPeerThatDied() {
    SpSocket push = open(Protocol.PUSH);
    String url = push.bind(Transport.TCP.bindUrl()).url();
    SpSocket alive = open(Protocol.PULL);
    SpSocket dying = ctx.open(Protocol.PULL, FAST);
    alive.connect(url);
    dying.connect(url);
    awaitPeers(push, 2);
    dying.close();
    awaitPeers(push, 1);
    for (int i = 0; i < 20; i++) {
      push.send("m" + i);
    }
    for (int i = 0; i < 20; i++) {
      assertThat(alive.recv(5000).bodyText()).isEqualTo("m" + i);
    }
  }

  @Test
  void pullFairQueuesBetweenPushers() {
    SocketOptions small = FAST.withRecvBufferBytes(256).withSendBufferBytes(256);
    SpSocket pull = open(Protocol.PULL, small);
    String url = pull.bind(Transport.INPROC.bindUrl()).url();
    SpSocket a = open(Protocol.PUSH, small);
    SpSocket b = open(Protocol.PUSH, small);
    a.connect(url);
    b.connect(url);
    awaitPeers(pull, 2);
    // both pushers keep sending; the puller's small receive buffer back-pressures them both
    Thread ta = Thread.ofVirtual().start(() -> sendForever(a, "a"));
    Thread tb = Thread.ofVirtual().start(() -> sendForever(b, "b"));
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> !a.trySend(msg("a")) && !b.trySend(msg("b")));
    int as = 0;
    int bs = 0;
    // What was queued before both stalled may all come from one pusher: the 256-byte receive
    // buffer holds several messages of one pusher, and each pusher's inproc inbox as many again.
    for (int i = 0; i < 800; i++) {
      pull.recv(5000);
    }
    // From here on, take one message at a time while both pushers are blocked: each freed slot
    // must go to the stalled pipes in turn.
    for (int i = 0; i < 40; i++) {
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(2))
          .until(() -> !a.trySend(msg("a")) && !b.trySend(msg("b")));
      if (pull.recv(5000).bodyText().equals("a")) {
        as++;
      } else {
        bs++;
      }
    }
    assertThat(as).isBetween(15, 25);
    assertThat(bs).isBetween(15, 25);
    a.close();
    b.close();
    assertThat(List.of(ta, tb)).allSatisfy(t -> assertThat(t.join(Duration.ofSeconds(5))).isTrue());
  }

  private static void sendForever(SpSocket s, String text) {
    try {
      while (true) {
        s.send(msg(text), -1);
      }
    } catch (SpException closed) {
      // the test ended
    }
  }

  private static boolean fill(SpSocket s, String text) {
    int sent = 0;
    while (sent < 1000 && s.trySend(msg(text))) {
      sent++;
    }
    return sent == 0;
  }

  @Test
  void sendTimesOutWhenNobodyPullsAndTheBufferIsFull() {
    SpSocket push = open(Protocol.PUSH, FAST.withSendBufferBytes(100).withSendTimeoutMillis(100));
    push.bind(Transport.INPROC.bindUrl());
    await().atMost(Duration.ofSeconds(5)).until(() -> fill(push, "x"));
    long start = System.nanoTime();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> push.send(new byte[10]))
        .isInstanceOfSatisfying(
            SpException.class, e -> assertThat(e.error()).isEqualTo(SpError.TIMED_OUT));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(90));
    assertThat(push.trySend(msg("x"))).isFalse();
  }

  @Test
  void messagesQueuedBeforeThePullerConnectsAreDelivered() {
    SpSocket push = open(Protocol.PUSH);
    String url = push.bind(Transport.TCP.bindUrl()).url();
    push.send("early");
    SpSocket pull = open(Protocol.PULL);
    pull.connect(url);
    assertThat(pull.recv(5000).bodyText()).isEqualTo("early");
  }
}
