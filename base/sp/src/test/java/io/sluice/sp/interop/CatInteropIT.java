package io.sluice.sp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.sp.Message;
import io.sluice.sp.Protocol;
import io.sluice.sp.SocketOptions;
import io.sluice.sp.SpContext;
import io.sluice.sp.SpDevice;
import io.sluice.sp.SpException;
import io.sluice.sp.SpSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every protocol pair against nanocat (nanomsg 1.1.5) and nngcat (NNG 1.5.2), with our socket on
 * either side of the pair, ours binding or theirs binding, over tcp and ipc; REQ/REP over ws; and a
 * device of ours between two of theirs.
 */
class CatInteropIT {
  static final Duration WAIT = Duration.ofSeconds(15);
  static final SocketOptions OPTS =
      SocketOptions.defaults()
          .withReconnect(20, 200)
          .withRequestResendMillis(500)
          .withSurveyDeadlineMillis(500);

  /** Our protocol in the pair; theirs is its peer. */
  enum Ours {
    REQ,
    REP,
    PUB,
    SUB,
    PUSH,
    PULL,
    SURVEYOR,
    RESPONDENT,
    BUS,
    PAIR,
    PAIR1
  }

  SpContext ctx;
  final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void setUp() {
    ctx = SpContext.create();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    ctx.close();
  }

  static Stream<Arguments> matrix() {
    List<Arguments> all = new ArrayList<>();
    for (String cat : List.of("nanocat", "nngcat")) {
      for (String transport : List.of("tcp", "ipc")) {
        for (Ours ours : Ours.values()) {
          if (ours == Ours.PAIR1 && cat.equals("nanocat")) {
            continue; // nanomsg has no PAIR v1
          }
          for (boolean weBind : List.of(true, false)) {
            all.add(Arguments.of(cat, transport, ours, weBind));
          }
        }
      }
    }
    return all.stream();
  }

  static Stream<Arguments> ws() {
    List<Arguments> all = new ArrayList<>();
    for (String cat : List.of("nanocat", "nngcat")) {
      for (Ours ours : List.of(Ours.REQ, Ours.REP, Ours.PUB, Ours.PULL)) {
        for (boolean weBind : List.of(true, false)) {
          all.add(Arguments.of(cat, "ws", ours, weBind));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}: ours {2}, ours binds={3}")
  @MethodSource("matrix")
  void protocolPairs(String cat, String transport, Ours ours, boolean weBind) {
    run(cat, transport, ours, weBind);
  }

  @ParameterizedTest(name = "{0} {1}: ours {2}, ours binds={3}")
  @MethodSource("ws")
  void webSocket(String cat, String transport, Ours ours, boolean weBind) {
    run(cat, transport, ours, weBind);
  }

  private void run(String cat, String transport, Ours ours, boolean weBind) {
    Protocol protocol = Protocol.valueOf(ours.name());
    SpSocket s = ctx.open(protocol, OPTS);
    open.add(s);
    if (protocol == Protocol.SUB) {
      s.subscribe("");
    }
    String url = Peers.url(transport);
    if (transport.equals("ws") && !weBind) {
      url = url + (cat.equals("nanocat") ? "" : "/sp"); // nanomsg binds ws without a path
    } else if (transport.equals("ws")) {
      url = url + "/sp";
    }
    if (weBind) {
      url = s.bind(url).url();
    }
    PeerProcess peer = PeerProcess.start(catCommand(cat, ours, url, !weBind));
    open.add(peer);
    if (!weBind) {
      s.connect(url);
    }
    exchange(s, ours, peer);
  }

  /** The peer's command line: the peer protocol of {@code ours}, binding if {@code bind}. */
  static List<String> catCommand(String cat, Ours ours, String url, boolean bind) {
    boolean nng = cat.equals("nngcat");
    List<String> cmd = new ArrayList<>();
    cmd.add(nng ? Peers.nngcat() : Peers.nanocat());
    String theirs =
        switch (ours) {
          case REQ -> "rep";
          case REP -> "req";
          case PUB -> "sub";
          case SUB -> "pub";
          case PUSH -> "pull";
          case PULL -> "push";
          case SURVEYOR -> "respondent";
          case RESPONDENT -> "surveyor";
          case BUS -> "bus";
          case PAIR -> "pair";
          case PAIR1 -> "pair1";
        };
    if (nng) {
      cmd.add("--" + (theirs.equals("pair1") ? "pair1" : theirs + "0"));
    } else {
      cmd.add("--" + theirs);
    }
    cmd.add(bind ? (nng ? "--listen" : "--bind") : (nng ? "--dial" : "--connect"));
    cmd.add(url);
    String interval = nng ? "1" : "0.2";
    switch (ours) {
      case REQ -> cmd.addAll(List.of("--data", "pong"));
      case REP -> cmd.addAll(List.of("--data", "ping"));
      case PUB -> cmd.addAll(List.of("--subscribe", ""));
      case SUB -> cmd.addAll(List.of("--data", "news", "--interval", interval));
      case PUSH -> {}
      case PULL -> cmd.addAll(List.of("--data", "job", "--interval", interval));
      case SURVEYOR -> cmd.addAll(List.of("--data", "yes"));
      case RESPONDENT -> cmd.addAll(List.of("--data", "q", "--interval", interval));
      case BUS, PAIR, PAIR1 -> cmd.addAll(List.of("--data", "x", "--interval", interval));
    }
    if (ours != Ours.SUB && ours != Ours.PULL) {
      cmd.add("--quoted"); // nanocat refuses output formats on send-only sockets
    }
    return cmd;
  }

  private static void exchange(SpSocket s, Ours ours, PeerProcess peer) {
    switch (ours) {
      case REQ -> {
        s.send("ping");
        assertThat(s.recv(WAIT.toMillis()).bodyText()).isEqualTo("pong");
        peer.awaitOutput("\"ping\"", WAIT);
      }
      case REP -> {
        assertThat(s.recv(WAIT.toMillis()).bodyText()).isEqualTo("ping");
        s.send("pong");
        peer.awaitOutput("\"pong\"", WAIT);
      }
      case PUB -> repeatUntil(s, "news", () -> peer.output().contains("\"news\""));
      case SUB, PULL -> {
        String expected = ours == Ours.SUB ? "news" : "job";
        assertThat(s.recv(WAIT.toMillis()).bodyText()).isEqualTo(expected);
      }
      case PUSH -> {
        s.send("job");
        peer.awaitOutput("\"job\"", WAIT);
      }
      case SURVEYOR -> {
        String[] got = new String[1];
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(1))
            .until(
                () -> {
                  s.send("q");
                  try {
                    got[0] = s.recv(600).bodyText();
                    return true;
                  } catch (SpException timedOut) {
                    return false;
                  }
                });
        assertThat(got[0]).isEqualTo("yes");
        peer.awaitOutput("\"q\"", WAIT);
      }
      case RESPONDENT -> {
        assertThat(s.recv(WAIT.toMillis()).bodyText()).isEqualTo("q");
        s.send("yes");
        peer.awaitOutput("\"yes\"", WAIT);
      }
      case BUS, PAIR, PAIR1 -> {
        repeatUntil(s, "y", () -> peer.output().contains("\"y\""));
        Message m = s.recv(WAIT.toMillis());
        assertThat(m.bodyText()).isEqualTo("x");
      }
    }
  }

  /** Sends {@code text} every 50 ms until {@code done}. */
  private static void repeatUntil(
      SpSocket s, String text, java.util.concurrent.Callable<Boolean> done) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              s.trySend(Message.of(text));
              return done.call();
            });
  }

  @Test
  void reqRepThroughOurDeviceBetweenNanocatAndNngcat() {
    SpSocket front = ctx.openRaw(Protocol.REP, OPTS);
    SpSocket back = ctx.openRaw(Protocol.REQ, OPTS);
    open.add(front);
    open.add(back);
    String frontUrl = front.bind("tcp://127.0.0.1:0").url();
    String backUrl = back.bind("ipc://" + Peers.work().resolve("device-back.ipc")).url();
    open.add(SpDevice.bridge(front, back));
    PeerProcess rep =
        PeerProcess.start(
            List.of(Peers.nngcat(), "--rep0", "--dial", backUrl, "--data", "pong", "--quoted"));
    open.add(rep);
    PeerProcess req =
        PeerProcess.start(
            List.of(Peers.nanocat(), "--req", "--connect", frontUrl, "--data", "ping", "--quoted"));
    open.add(req);
    req.awaitOutput("\"pong\"", WAIT);
    rep.awaitOutput("\"ping\"", WAIT);
  }

  @Test
  void pubSubThroughOurDeviceBetweenNngcatAndNanocat() {
    SpSocket in = ctx.openRaw(Protocol.SUB, OPTS);
    SpSocket out = ctx.openRaw(Protocol.PUB, OPTS);
    open.add(in);
    open.add(out);
    String inUrl = in.bind("tcp://127.0.0.1:0").url();
    String outUrl = out.bind("tcp://127.0.0.1:0").url();
    open.add(SpDevice.bridge(in, out));
    PeerProcess sub =
        PeerProcess.start(List.of(Peers.nanocat(), "--sub", "--connect", outUrl, "--quoted"));
    open.add(sub);
    PeerProcess pub =
        PeerProcess.start(
            List.of(
                Peers.nngcat(), "--pub0", "--dial", inUrl, "--data", "news", "--interval", "1"));
    open.add(pub);
    sub.awaitOutput("\"news\"", WAIT);
  }
}
