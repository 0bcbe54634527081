package io.sluice.sp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** REQ/REP behaviour: nanomsg tests/reqrep.c and NNG req/rep scenarios. */
class ReqRepTest extends SpTestBase {

  @ParameterizedTest
  @EnumSource(Transport.class)
  void pingPongOnEveryTransport(Transport t) {
    SpSocket rep = open(Protocol.REP);
    SpSocket req = open(Protocol.REQ);
    req.connect(rep.bind(t.bindUrl()).url());
    for (int i = 0; i < 100; i++) {
      req.send("ping " + i);
      assertThat(rep.recv(5000).bodyText()).isEqualTo("ping " + i);
      rep.send("pong " + i);
      assertThat(req.recv(5000).bodyText()).isEqualTo("pong " + i);
    }
  }

  @Test
  void recvBeforeSendAndSendBeforeRecvAreBadState() {
    SpSocket req = open(Protocol.REQ);
    SpSocket rep = open(Protocol.REP);
    assertThatThrownBy(() -> req.recv(10))
        .isInstanceOfSatisfying(
            SpException.class, e -> assertThat(e.error()).isEqualTo(SpError.BAD_STATE));
    assertThatThrownBy(() -> rep.send("x"))
        .isInstanceOfSatisfying(
            SpException.class, e -> assertThat(e.error()).isEqualTo(SpError.BAD_STATE));
  }

  @Test
  void requestWaitsForAPeerThatAppearsLater() {
    SpSocket req = open(Protocol.REQ);
    String url = "inproc://late-rep";
    req.connect(url);
    req.send("early");
    SpSocket rep = open(Protocol.REP);
    rep.bind(url);
    assertThat(rep.recv(5000).bodyText()).isEqualTo("early");
    rep.send("ok");
    assertThat(req.recv(5000).bodyText()).isEqualTo("ok");
  }

  @Test
  void repFairQueuesTwoRequesters() {
    SpSocket rep = open(Protocol.REP);
    String url = rep.bind(Transport.TCP.bindUrl()).url();
    SpSocket req1 = open(Protocol.REQ);
    SpSocket req2 = open(Protocol.REQ);
    req1.connect(url);
    req2.connect(url);
    awaitPeers(rep, 2);
    req1.send("a");
    req2.send("b");
    Set<String> got = new HashSet<>();
    for (int i = 0; i < 2; i++) {
      String body = rep.recv(5000).bodyText();
      got.add(body);
      rep.send("re-" + body);
    }
    assertThat(got).containsExactlyInAnyOrder("a", "b");
    assertThat(req1.recv(5000).bodyText()).isEqualTo("re-a");
    assertThat(req2.recv(5000).bodyText()).isEqualTo("re-b");
  }

  @Test
  void reqLoadBalancesOverTwoRepliers() {
    SpSocket rep1 = open(Protocol.REP);
    SpSocket rep2 = open(Protocol.REP);
    SpSocket req = open(Protocol.REQ);
    req.connect(rep1.bind(Transport.TCP.bindUrl()).url());
    req.connect(rep2.bind(Transport.TCP.bindUrl()).url());
    awaitPeers(req, 2);
    int[] counts = new int[2];
    for (int i = 0; i < 10; i++) {
      req.send("r" + i);
      SpSocket answering = null;
      while (answering == null) {
        if (rep1.tryRecv() != null) {
          answering = rep1;
          counts[0]++;
        } else if (rep2.tryRecv() != null) {
          answering = rep2;
          counts[1]++;
        } else {
          Thread.onSpinWait();
        }
      }
      answering.send("ok");
      assertThat(req.recv(5000).bodyText()).isEqualTo("ok");
    }
    assertThat(counts).containsExactly(5, 5);
  }

  @Test
  void unansweredRequestIsResentAfterTheInterval() {
    SpSocket rep = open(Protocol.REP);
    SpSocket req = open(Protocol.REQ, FAST.withRequestResendMillis(100));
    req.connect(rep.bind(Transport.TCP.bindUrl()).url());
    req.send("again");
    assertThat(rep.recv(5000).bodyText()).isEqualTo("again");
    assertThat(rep.recv(5000).bodyText()).isEqualTo("again");
    rep.send("finally");
    assertThat(req.recv(5000).bodyText()).isEqualTo("finally");
  }

  @Test
  void requestMovesToTheOtherReplierAtOnceWhenItsPipeDies() {
    SpSocket rep1 = open(Protocol.REP);
    SpSocket rep2 = open(Protocol.REP);
    SpSocket req = open(Protocol.REQ); // resend interval 60 s: only failover can answer in time
    req.connect(rep1.bind(Transport.TCP.bindUrl()).url());
    awaitPeers(req, 1);
    req.send("work");
    assertThat(rep1.recv(5000).bodyText()).isEqualTo("work");
    req.connect(rep2.bind(Transport.TCP.bindUrl()).url());
    awaitPeers(req, 2);
    rep1.close();
    assertThat(rep2.recv(5000).bodyText()).isEqualTo("work");
    rep2.send("done");
    assertThat(req.recv(5000).bodyText()).isEqualTo("done");
  }

  @Test
  void newRequestCancelsTheOldOneAndItsLateReplyIsDropped() {
    SpSocket rep = open(Protocol.REP);
    SpSocket req = open(Protocol.REQ);
    req.connect(rep.bind(Transport.INPROC.bindUrl()).url());
    req.send("first");
    assertThat(rep.recv(5000).bodyText()).isEqualTo("first");
    req.send("second");
    rep.send("reply-to-first");
    assertThat(rep.recv(5000).bodyText()).isEqualTo("second");
    rep.send("reply-to-second");
    assertThat(req.recv(5000).bodyText()).isEqualTo("reply-to-second");
  }

  @Test
  void secondRecvOnRepForgetsTheFirstRequest() {
    SpSocket rep = open(Protocol.REP);
    SpSocket req1 = open(Protocol.REQ);
    SpSocket req2 = open(Protocol.REQ);
    String url = rep.bind(Transport.INPROC.bindUrl()).url();
    req1.connect(url);
    req2.connect(url);
    awaitPeers(rep, 2);
    req1.send("one");
    String first = rep.recv(5000).bodyText();
    req2.send("two");
    String second = rep.recv(5000).bodyText();
    assertThat(List.of(first, second)).containsExactlyInAnyOrder("one", "two");
    rep.send("answer");
    SpSocket answered = second.equals("two") ? req2 : req1;
    assertThat(answered.recv(5000).bodyText()).isEqualTo("answer");
    assertThatThrownBy(() -> rep.send("again"))
        .isInstanceOfSatisfying(
            SpException.class, e -> assertThat(e.error()).isEqualTo(SpError.BAD_STATE));
  }

  @Test
  void contextsKeepManyRequestsOutstandingOnOneSocket() throws Exception {
    SpSocket rep = open(Protocol.REP);
    SpSocket req = open(Protocol.REQ);
    req.connect(rep.bind(Transport.TCP.bindUrl()).url());
    int n = 8;
    List<SocketContext> reqCtxs = new ArrayList<>();
    List<CompletableFuture<Message>> replies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SocketContext c = req.openContext();
      reqCtxs.add(c);
      c.send(msg("q" + i));
      replies.add(c.recvAsync());
    }
    List<SocketContext> repCtxs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      repCtxs.add(rep.openContext());
    }
    List<String> asked = new ArrayList<>();
    for (SocketContext c : repCtxs) {
      asked.add(c.recv(5000).bodyText());
    }
    for (int i = n - 1; i >= 0; i--) {
      repCtxs.get(i).send(msg("a-" + asked.get(i)));
    }
    for (int i = 0; i < n; i++) {
      assertThat(replies.get(i).get().bodyText()).isEqualTo("a-q" + i);
    }
    reqCtxs.forEach(SocketContext::close);
  }

  @ParameterizedTest
  @EnumSource(
      value = Transport.class,
      names = {"TCP", "IPC", "WS"})
  void reconnectsAfterThePeerRestarts(Transport t) {
    SpSocket rep = ctx.open(Protocol.REP, FAST);
    String url = rep.bind(t.bindUrl()).url();
    SpSocket req = open(Protocol.REQ, FAST.withRequestResendMillis(100));
    req.connect(url);
    req.send("before");
    assertThat(rep.recv(5000).bodyText()).isEqualTo("before");
    rep.send("1");
    assertThat(req.recv(5000).bodyText()).isEqualTo("1");
    rep.close();
    awaitPeers(req, 0);
    SpSocket rep2 = open(Protocol.REP);
    rep2.bind(url);
    req.send("after");
    assertThat(rep2.recv(5000).bodyText()).isEqualTo("after");
    rep2.send("2");
    assertThat(req.recv(5000).bodyText()).isEqualTo("2");
  }
}
