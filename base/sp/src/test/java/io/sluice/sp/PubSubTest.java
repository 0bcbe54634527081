package io.sluice.sp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PUB/SUB: filtering, subscribe/unsubscribe, several publishers (nanomsg pubsub.c, NNG sub). */
class PubSubTest extends SpTestBase {

  @ParameterizedTest
  @EnumSource(Transport.class)
  void subscriberGetsOnlyMatchingPrefixes(Transport t) {
    SpSocket pub = open(Protocol.PUB);
    SpSocket sub = open(Protocol.SUB);
    sub.subscribe("foo");
    sub.connect(pub.bind(t.bindUrl()).url());
    awaitPeers(pub, 1);
    pub.send("bar skip");
    pub.send("foo one");
    pub.send("fo skip");
    pub.send("foobar two");
    assertThat(sub.recv(5000).bodyText()).isEqualTo("foo one");
    assertThat(sub.recv(5000).bodyText()).isEqualTo("foobar two");
    assertThat(sub.tryRecv()).isNull();
  }

  @Test
  void noSubscriptionReceivesNothingAndEmptyPrefixReceivesAll() {
    SpSocket pub = open(Protocol.PUB);
    SpSocket none = open(Protocol.SUB);
    SpSocket all = open(Protocol.SUB);
    all.subscribe("");
    String url = pub.bind(Transport.INPROC.bindUrl()).url();
    none.connect(url);
    all.connect(url);
    awaitPeers(pub, 2);
    pub.send("x");
    pub.send("");
    assertThat(all.recv(5000).bodyText()).isEqualTo("x");
    assertThat(all.recv(5000).bodyText()).isEmpty();
    assertThat(none.tryRecv()).isNull();
  }

  @Test
  void unsubscribeStopsDelivery() {
    SpSocket pub = open(Protocol.PUB);
    SpSocket sub = open(Protocol.SUB);
    sub.subscribe("a");
    sub.subscribe("b");
    sub.connect(pub.bind(Transport.TCP.bindUrl()).url());
    awaitPeers(pub, 1);
    pub.send("a1");
    assertThat(sub.recv(5000).bodyText()).isEqualTo("a1");
    sub.unsubscribe("a");
    pub.send("a2");
    pub.send("b1");
    assertThat(sub.recv(5000).bodyText()).isEqualTo("b1");
  }

  @Test
  void twoPublishersOneSubscriber() {
    SpSocket sub = open(Protocol.SUB);
    sub.subscribe("");
    String url = sub.bind(Transport.TCP.bindUrl()).url();
    SpSocket pub1 = open(Protocol.PUB);
    SpSocket pub2 = open(Protocol.PUB);
    pub1.connect(url);
    pub2.connect(url);
    awaitPeers(sub, 2);
    awaitPeers(pub1, 1);
    awaitPeers(pub2, 1);
    pub1.send("one");
    pub2.send("two");
    Set<String> got = new HashSet<>();
    got.add(sub.recv(5000).bodyText());
    got.add(sub.recv(5000).bodyText());
    assertThat(got).containsExactlyInAnyOrder("one", "two");
  }

  @Test
  void pubCannotReceiveAndSubCannotSend() {
    SpSocket pub = open(Protocol.PUB);
    SpSocket sub = open(Protocol.SUB);
    org.assertj.core.api.Assertions.assertThatThrownBy(pub::tryRecv)
        .isInstanceOfSatisfying(
            SpException.class, e -> assertThat(e.error()).isEqualTo(SpError.NOT_SUPPORTED));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sub.send("x"))
        .isInstanceOfSatisfying(
            SpException.class, e -> assertThat(e.error()).isEqualTo(SpError.NOT_SUPPORTED));
  }
}
