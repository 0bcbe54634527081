package io.sluice.sp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Devices: REP routing through devices, TTL drop, survey and pub/sub through devices. */
class DeviceTest extends SpTestBase {

  /** A device between {@code frontUrl} (facing clients) and {@code backUrl} (facing servers). */
  private String[] device(Protocol front, Protocol back, Transport t, SocketOptions o) {
    SpSocket f = openRaw(front, o);
    SpSocket b = openRaw(back, o);
    String fu = f.bind(t.bindUrl()).url();
    String bu = b.bind(t.bindUrl()).url();
    closeables.add(SpDevice.bridge(f, b));
    return new String[] {fu, bu};
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void repliesFindTheirRequestersThroughADevice(Transport t) {
    String[] d = device(Protocol.REP, Protocol.REQ, t, FAST);
    List<SpSocket> reqs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      SpSocket req = open(Protocol.REQ);
      req.connect(d[0]);
      reqs.add(req);
    }
    SpSocket rep = open(Protocol.REP);
    rep.connect(d[1]);
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < reqs.size(); i++) {
        reqs.get(i).send("q" + i);
      }
      for (int i = 0; i < reqs.size(); i++) {
        String q = rep.recv(5000).bodyText();
        rep.send("a" + q.substring(1));
      }
      for (int i = 0; i < reqs.size(); i++) {
        assertThat(reqs.get(i).recv(5000).bodyText()).isEqualTo("a" + i);
      }
    }
  }

  @Test
  void chainOfDevicesWithinTheTtlDelivers() {
    SocketOptions ttl2 = FAST.withMaxTtl(2);
    SpSocket req = open(Protocol.REQ);
    req.connect(chain(1, ttl2)); // 1 device: the final REP sees 2 tags (hop + id) <= 2
    req.send("through");
    assertThat(lastRep.recv(5000).bodyText()).isEqualTo("through");
    lastRep.send("back");
    assertThat(req.recv(5000).bodyText()).isEqualTo("back");

    SpSocket req8 = open(Protocol.REQ);
    req8.connect(chain(7, FAST)); // default max TTL 8: 7 devices + id = 8 tags
    req8.send("far");
    assertThat(lastRep.recv(5000).bodyText()).isEqualTo("far");
    lastRep.send("ok");
    assertThat(req8.recv(5000).bodyText()).isEqualTo("ok");
  }

  @Test
  void messagesBeyondTheMaxTtlAreDropped() {
    SpSocket req = open(Protocol.REQ);
    req.connect(chain(2, FAST.withMaxTtl(2))); // the final REP sees 3 tags > 2
    req.send("too far");
    assertThatThrownBy(() -> lastRep.recv(300))
        .isInstanceOfSatisfying(
            SpException.class, e -> assertThat(e.error()).isEqualTo(SpError.TIMED_OUT));

    SpSocket req9 = open(Protocol.REQ);
    req9.connect(chain(8, FAST)); // 8 devices + id = 9 tags > default 8
    req9.send("farther");
    assertThatThrownBy(() -> lastRep.recv(300))
        .isInstanceOfSatisfying(
            SpException.class, e -> assertThat(e.error()).isEqualTo(SpError.TIMED_OUT));
  }

  @Test
  void maxTtlOptionIsValidated() {
    assertThatThrownBy(() -> SocketOptions.defaults().withMaxTtl(0))
        .isInstanceOfSatisfying(
            SpException.class, e -> assertThat(e.error()).isEqualTo(SpError.INVALID_OPTION));
    assertThat(SocketOptions.defaults().maxTtl()).isEqualTo(8);
  }

  private SpSocket lastRep;

  /** {@code n} REP/REQ devices in a row on inproc, then a REP; returns the entry URL. */
  private String chain(int n, SocketOptions o) {
    lastRep = open(Protocol.REP, o);
    String next = lastRep.bind(Transport.INPROC.bindUrl()).url();
    for (int i = 0; i < n; i++) {
      SpSocket front = openRaw(Protocol.REP, o);
      SpSocket back = openRaw(Protocol.REQ, o);
      String frontUrl = front.bind(Transport.INPROC.bindUrl()).url();
      back.connect(next);
      closeables.add(SpDevice.bridge(front, back));
      next = frontUrl;
    }
    return next;
  }

  @Test
  void surveyThroughADevice() {
    String[] d = device(Protocol.RESPONDENT, Protocol.SURVEYOR, Transport.TCP, FAST);
    SpSocket surveyor = open(Protocol.SURVEYOR, FAST.withSurveyDeadlineMillis(2000));
    surveyor.connect(d[0]);
    SpSocket r1 = open(Protocol.RESPONDENT);
    SpSocket r2 = open(Protocol.RESPONDENT);
    r1.connect(d[1]);
    r2.connect(d[1]);
    awaitPeers(r1, 1);
    awaitPeers(r2, 1);
    awaitPeers(surveyor, 1);
    surveyor.send("who");
    assertThat(r1.recv(5000).bodyText()).isEqualTo("who");
    assertThat(r2.recv(5000).bodyText()).isEqualTo("who");
    r1.send("r1");
    r2.send("r2");
    List<String> got = List.of(surveyor.recv(5000).bodyText(), surveyor.recv(5000).bodyText());
    assertThat(got).containsExactlyInAnyOrder("r1", "r2");
  }

  @Test
  void pubSubAndPipelineThroughDevices() {
    String[] ps = device(Protocol.SUB, Protocol.PUB, Transport.INPROC, FAST);
    // raw SUB forwards everything; subscribers filter
    SpSocket pub = open(Protocol.PUB);
    pub.connect(ps[0]);
    SpSocket sub = open(Protocol.SUB);
    sub.subscribe("t");
    sub.connect(ps[1]);
    awaitPeers(pub, 1);
    awaitPeers(sub, 1);
    pub.send("x-no");
    pub.send("t-yes");
    assertThat(sub.recv(5000).bodyText()).isEqualTo("t-yes");

    String[] pp = device(Protocol.PULL, Protocol.PUSH, Transport.INPROC, FAST);
    SpSocket push = open(Protocol.PUSH);
    push.connect(pp[0]);
    SpSocket pull = open(Protocol.PULL);
    pull.connect(pp[1]);
    push.send("job");
    assertThat(pull.recv(5000).bodyText()).isEqualTo("job");
  }

  @Test
  void devicesNeedRawCompatibleSockets() {
    assertThatThrownBy(() -> SpDevice.bridge(open(Protocol.REP), openRaw(Protocol.REQ)))
        .isInstanceOf(SpException.class);
    assertThatThrownBy(() -> SpDevice.bridge(openRaw(Protocol.REP), openRaw(Protocol.PUSH)))
        .isInstanceOf(SpException.class);
  }

  @Test
  void pair1RawDeviceCountsHops() {
    SocketOptions ttl = FAST.withMaxTtl(2);
    SpSocket left = openRaw(Protocol.PAIR1, ttl);
    SpSocket right = openRaw(Protocol.PAIR1, ttl);
    String lu = left.bind(Transport.INPROC.bindUrl()).url();
    String ru = right.bind(Transport.INPROC.bindUrl()).url();
    closeables.add(SpDevice.bridge(left, right));
    SpSocket a = open(Protocol.PAIR1, ttl);
    SpSocket b = open(Protocol.PAIR1, ttl);
    a.connect(lu);
    b.connect(ru);
    awaitPeers(left, 1);
    awaitPeers(right, 1);
    a.send("hop");
    assertThat(b.recv(5000).bodyText()).isEqualTo("hop");
  }
}
