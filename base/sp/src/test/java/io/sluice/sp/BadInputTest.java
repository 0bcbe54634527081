package io.sluice.sp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input from a raw-socket peer: the offending pipe is dropped, the socket and its other pipes
 * carry on. Each case writes hand-made bytes over tcp and ipc to a REP socket that also serves a
 * well-behaved REQ.
 */
class BadInputTest extends SpTestBase {
  private static final HexFormat HEX = HexFormat.of();
  private static final String GOOD_REQ_HEADER = "0053500000300000";

  static java.util.stream.Stream<Arguments> cases() {
    java.util.List<Arguments> all = new java.util.ArrayList<>();
    for (Transport t : new Transport[] {Transport.TCP, Transport.IPC}) {
      boolean ipc = t == Transport.IPC;
      String frame = ipc ? "01" : "";
      all.add(Arguments.of(t, "wrong header", "485454502f312e31"));
      all.add(Arguments.of(t, "wrong protocol id (PUB)", "0053500000200000"));
      all.add(Arguments.of(t, "reserved bytes set", "0053500000300001"));
      all.add(Arguments.of(t, "oversized length", GOOD_REQ_HEADER + frame + "0000010000000000"));
      all.add(Arguments.of(t, "over recv max size", GOOD_REQ_HEADER + frame + "0000000000200000"));
      all.add(
          Arguments.of(
              t,
              "garbage backtrace",
              GOOD_REQ_HEADER + frame + "0000000000000008" + "0000000100000002"));
      all.add(
          Arguments.of(t, "close mid-frame", GOOD_REQ_HEADER + frame + "0000000000000064abcdef"));
      if (ipc) {
        all.add(
            Arguments.of(
                t, "ipc message type 2", GOOD_REQ_HEADER + "020000000000000004" + "80000001"));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void badPeerIsDroppedAndOthersCarryOn(Transport t, String what, String hex) throws Exception {
    SpSocket rep = open(Protocol.REP);
    String url = rep.bind(t.bindUrl()).url();
    SpSocket good = open(Protocol.REQ);
    good.connect(url);
    awaitPeers(rep, 1);
    exchange(good, rep, "before");

    try (SocketChannel bad = rawConnect(t, url)) {
      OutputStream out = Channels.newOutputStream(bad);
      out.write(HEX.parseHex(hex));
      out.flush();
      if (what.equals("close mid-frame")) {
        bad.shutdownOutput();
      }
      // the socket must close the connection: read its 8-byte header, then end of stream
      assertThat(readUntilClosed(bad)).isLessThanOrEqualTo(8);
    }
    awaitPeers(rep, 1);
    exchange(good, rep, "after " + what);
  }

  private static void exchange(SpSocket req, SpSocket rep, String text) {
    req.send(text);
    assertThat(rep.recv(5000).bodyText()).isEqualTo(text);
    rep.send("re " + text);
    assertThat(req.recv(5000).bodyText()).isEqualTo("re " + text);
  }

  private static SocketChannel rawConnect(Transport t, String url) throws IOException {
    if (t == Transport.IPC) {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(UnixDomainSocketAddress.of(Path.of(url.substring("ipc://".length()))));
      return ch;
    }
    int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    return SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
  }

  /** Reads until the peer closes (failing after 5 s); returns the bytes read. */
  private static int readUntilClosed(SocketChannel ch) throws IOException {
    java.util.concurrent.Future<Integer> f =
        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()
            .submit(
                () -> {
                  InputStream in = Channels.newInputStream(ch);
                  int total = 0;
                  byte[] buf = new byte[1024];
                  int n;
                  while ((n = in.read(buf)) >= 0) {
                    total += n;
                  }
                  return total;
                });
    try {
      return f.get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      f.cancel(true);
      throw new AssertionError("the socket did not drop the bad connection", e);
    }
  }
}
