package io.sluice.sp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** BUS (nanomsg bus.c: full mesh, no echo) and PAIR (pair.c, bug777.c: exclusivity). */
class BusPairTest extends SpTestBase {

  @ParameterizedTest
  @EnumSource(Transport.class)
  void busMeshEachNodeGetsTheOtherTwoAndNoEcho(Transport t) {
    SpSocket b1 = open(Protocol.BUS);
    SpSocket b2 = open(Protocol.BUS);
    SpSocket b3 = open(Protocol.BUS);
    String u1 = b1.bind(t.bindUrl()).url();
    String u2 = b2.bind(t.bindUrl()).url();
    b2.connect(u1);
    b3.connect(u1);
    b3.connect(u2);
    awaitPeers(b1, 2);
    awaitPeers(b2, 2);
    awaitPeers(b3, 2);
    b1.send("1");
    b2.send("2");
    b3.send("3");
    assertThat(recvTwo(b1)).containsExactlyInAnyOrder("2", "3");
    assertThat(recvTwo(b2)).containsExactlyInAnyOrder("1", "3");
    assertThat(recvTwo(b3)).containsExactlyInAnyOrder("1", "2");
    assertThat(b1.tryRecv()).isNull();
    assertThat(b2.tryRecv()).isNull();
    assertThat(b3.tryRecv()).isNull();
  }

  private static Set<String> recvTwo(SpSocket s) {
    Set<String> got = new HashSet<>();
    got.add(s.recv(5000).bodyText());
    got.add(s.recv(5000).bodyText());
    return got;
  }

  @Test
  void busReflectorDeviceNeverEchoesToTheSender() {
    SpSocket hub = openRaw(Protocol.BUS);
    String url = hub.bind(Transport.TCP.bindUrl()).url();
    SpDevice device = SpDevice.reflect(hub);
    closeables.add(device);
    SpSocket a = open(Protocol.BUS);
    SpSocket b = open(Protocol.BUS);
    SpSocket c = open(Protocol.BUS);
    a.connect(url);
    b.connect(url);
    c.connect(url);
    awaitPeers(hub, 3);
    a.send("from-a");
    assertThat(b.recv(5000).bodyText()).isEqualTo("from-a");
    assertThat(c.recv(5000).bodyText()).isEqualTo("from-a");
    b.send("from-b");
    assertThat(a.recv(5000).bodyText()).isEqualTo("from-b");
    assertThat(c.recv(5000).bodyText()).isEqualTo("from-b");
    assertThat(a.tryRecv()).isNull();
    assertThat(b.tryRecv()).isNull();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void pairExchangesBothWaysV0AndV1(Transport t) {
    for (Protocol p : new Protocol[] {Protocol.PAIR, Protocol.PAIR1}) {
      SpSocket x = open(p);
      SpSocket y = open(p);
      y.connect(x.bind(t.bindUrl()).url());
      x.send("to-y");
      assertThat(y.recv(5000).bodyText()).isEqualTo("to-y");
      y.send("to-x");
      assertThat(x.recv(5000).bodyText()).isEqualTo("to-x");
    }
  }

  @Test
  void pairAcceptsOnlyOnePeer() {
    SpSocket server = open(Protocol.PAIR);
    String url = server.bind(Transport.TCP.bindUrl()).url();
    SpSocket first = open(Protocol.PAIR);
    first.connect(url);
    awaitPeers(server, 1);
    awaitPeers(first, 1);
    SpSocket second = open(Protocol.PAIR);
    second.connect(url);
    second.send("intruder");
    first.send("legit");
    assertThat(server.recv(5000).bodyText()).isEqualTo("legit");
    assertThat(server.peerCount()).isEqualTo(1);
    server.send("back");
    assertThat(first.recv(5000).bodyText()).isEqualTo("back");
    assertThat(server.tryRecv()).isNull();
  }

  @Test
  void pairV0AndV1DoNotConnect() {
    SpSocket v0 = open(Protocol.PAIR);
    SpSocket v1 = open(Protocol.PAIR1);
    v1.connect(v0.bind(Transport.INPROC.bindUrl()).url());
    v1.send("x");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> v0.recv(200))
        .isInstanceOfSatisfying(
            SpException.class, e -> assertThat(e.error()).isEqualTo(SpError.TIMED_OUT));
    assertThat(v0.peerCount()).isZero();
  }
}
