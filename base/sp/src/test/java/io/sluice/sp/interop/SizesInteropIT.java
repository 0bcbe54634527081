package io.sluice.sp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.sp.Message;
import io.sluice.sp.Protocol;
import io.sluice.sp.SocketOptions;
import io.sluice.sp.SpContext;
import io.sluice.sp.SpException;
import io.sluice.sp.SpSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Messages of 0 B, 1 B, 64 KiB and 1 MiB both ways against libnanomsg and libnng (through the spcat
 * helper compiled at test time), REQ/REP and PAIR, ours binding or theirs, over tcp, ipc and ws.
 */
class SizesInteropIT {
  static final int[] SIZES = {0, 1, 65536, 1048576};
  static final Duration WAIT = Duration.ofSeconds(30);
  static final SocketOptions OPTS =
      SocketOptions.defaults()
          .withReconnect(20, 200)
          .withRecvMaxSize(8 * 1024 * 1024)
          .withRecvTimeoutMillis(20_000)
          .withRequestResendMillis(5000);

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

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (String lib : List.of("nanomsg", "nng")) {
      for (String transport : List.of("tcp", "ipc", "ws")) {
        for (String ours : List.of("REQ", "REP-echo", "PAIR-echo")) {
          for (boolean weBind : List.of(true, false)) {
            all.add(Arguments.of(lib, transport, ours, weBind));
          }
        }
      }
    }
    return all.stream();
  }

  static byte[] pattern(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) ((i * 31 + size) & 0xff);
    }
    return b;
  }

  @ParameterizedTest(name = "lib{0} {1}: ours {2}, ours binds={3}")
  @MethodSource("cases")
  void allSizesCrossIntact(String lib, String transport, String ours, boolean weBind) {
    Protocol protocol =
        switch (ours) {
          case "REQ" -> Protocol.REQ;
          case "REP-echo" -> Protocol.REP;
          default -> Protocol.PAIR;
        };
    SpSocket s = ctx.open(protocol, OPTS);
    open.add(s);
    String url = Peers.url(transport);
    if (transport.equals("ws") && (weBind || lib.equals("nng"))) {
      url = url + "/sp"; // nanomsg binds ws only without a path
    }
    if (weBind) {
      url = s.bind(url).url();
    }
    String mode =
        protocol == Protocol.REQ
            ? "echo-rep"
            : protocol == Protocol.REP ? "req-sizes" : "pair-sizes";
    PeerProcess peer =
        PeerProcess.start(
            List.of(
                Peers.spcat(lib.equals("nng")).toString(), mode, weBind ? "connect" : "bind", url));
    open.add(peer);
    if (!weBind) {
      if (protocol == Protocol.REQ) {
        peer.awaitOutput("ready", WAIT);
      }
      s.connect(url);
    }
    if (protocol == Protocol.REQ) {
      for (int size : SIZES) {
        byte[] body = pattern(size);
        s.send(new Message(body));
        assertThat(s.recv(WAIT.toMillis()).body()).as("echo of %d bytes", size).isEqualTo(body);
      }
    } else {
      Thread echo =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      while (true) {
                        Message m = s.recv(-1);
                        s.send(new Message(m.body()));
                      }
                    } catch (SpException closed) {
                      // test over
                    }
                  });
      open.add(echo::interrupt);
      peer.awaitExit(0, WAIT);
      assertThat(peer.output())
          .contains("0 ok", "1 ok", "65536 ok", "1048576 ok")
          .doesNotContain("MISMATCH");
    }
  }
}
