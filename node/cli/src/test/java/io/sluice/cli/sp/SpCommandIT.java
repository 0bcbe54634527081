package io.sluice.cli.sp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.sp.Message;
import io.sluice.sp.Protocol;
import io.sluice.sp.SocketOptions;
import io.sluice.sp.SpSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ./sluice sp} (the built distribution, as a process) against nanocat: for every output
 * format, the same messages (all 256 byte values, empty, and sizes across msgpack's bin8/16/32)
 * print the same bytes; files sent with --file arrive identical; usage and socket errors give the
 * same exit codes. Fails with the Debian package name when nanocat is missing.
 */
class SpCommandIT {
  static final SocketOptions OPTS = SocketOptions.defaults().withReconnect(20, 200);

  static List<byte[]> messages() {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    List<byte[]> m = new ArrayList<>();
    m.add(all);
    m.add(new byte[0]);
    m.add("plain text with \"quotes\" and \\ backslash\n".getBytes());
    m.add(new byte[255]);
    m.add(new byte[300]);
    m.add(new byte[70_000]);
    return m;
  }

  static String nanocat() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, "nanocat"))) {
        return Path.of(dir, "nanocat").toString();
      }
    }
    throw new AssertionError("nanocat is missing: install the Debian package nanomsg-utils");
  }

  static List<String> sluiceSp() {
    Path jar = Path.of("target", "sluice-cli.jar");
    assertThat(jar).as("the built CLI (run mvn package/verify on node/cli)").exists();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ArrayList<>(
        List.of(
            java,
            "-cp",
            jar + ":" + Path.of("target", "lib") + "/*",
            "io.sluice.cli.SluiceCli",
            "sp"));
  }

  static List<String> cmd(boolean ours, String... args) {
    List<String> c = ours ? sluiceSp() : new ArrayList<>(List.of(nanocat()));
    c.addAll(List.of(args));
    return c;
  }

  /** A child process whose stdout is collected. */
  static final class Child implements AutoCloseable {
    final Process p;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final Thread pump;

    Child(List<String> command) throws IOException {
      p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      InputStream in = p.getInputStream();
      pump =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    byte[] buf = new byte[8192];
                    try {
                      int n;
                      while ((n = in.read(buf)) >= 0) {
                        synchronized (out) {
                          out.write(buf, 0, n);
                        }
                      }
                    } catch (IOException e) {
                      // ended
                    }
                  });
    }

    byte[] stdout() {
      synchronized (out) {
        return out.toByteArray();
      }
    }

    int exit() throws InterruptedException {
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      pump.join(Duration.ofSeconds(5));
      return p.exitValue();
    }

    /** Kills the process and waits for its output to be collected. */
    void kill() {
      p.destroyForcibly();
      try {
        p.waitFor();
        pump.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      kill();
    }
  }

  /** What a REP command prints for the test messages, each answered with "ok". */
  static byte[] printedByRep(boolean ours, String format) throws Exception {
    int port = SpCommandTest.freePort();
    try (Child rep =
            new Child(
                cmd(
                    ours,
                    "--rep",
                    "-L",
                    String.valueOf(port),
                    "--data",
                    "ok",
                    "--recv-timeout",
                    "1",
                    format));
        SpSocket req = SpSocket.open(Protocol.REQ, OPTS.withRequestResendMillis(2000))) {
      req.connect("tcp://127.0.0.1:" + port);
      int expected = 0;
      for (byte[] m : messages()) {
        req.send(new Message(m));
        assertThat(req.recv(30_000).bodyText()).isEqualTo("ok");
        expected++;
      }
      assertThat(expected).isEqualTo(messages().size());
      // a REP with --data fails its receive after the timeout: "Can't recv", status 3, and the
      // output is complete once the process ended by itself
      assertThat(rep.exit()).isEqualTo(3);
      return rep.stdout();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"--raw", "--ascii", "--quoted", "--msgpack", "--hex", "-A", "-Q"})
  void printsExactlyWhatNanocatPrints(String format) throws Exception {
    byte[] theirs = printedByRep(false, format);
    byte[] ours = printedByRep(true, format);
    assertThat(theirs).isNotEmpty();
    assertSameBytes(ours, theirs);
  }

  static void assertSameBytes(byte[] ours, byte[] theirs) {
    int n = Math.min(ours.length, theirs.length);
    int diff = -1;
    for (int i = 0; i < n && diff < 0; i++) {
      if (ours[i] != theirs[i]) {
        diff = i;
      }
    }
    if (diff < 0 && ours.length != theirs.length) {
      diff = n;
    }
    if (diff >= 0) {
      java.util.HexFormat hex = java.util.HexFormat.of();
      int from = Math.max(0, diff - 8);
      throw new AssertionError(
          "outputs differ at byte "
              + diff
              + " (ours "
              + ours.length
              + " bytes, nanocat "
              + theirs.length
              + "): ours ..."
              + hex.formatHex(ours, from, Math.min(ours.length, diff + 16))
              + ", nanocat ..."
              + hex.formatHex(theirs, from, Math.min(theirs.length, diff + 16)));
    }
  }

  @Test
  void sendsFilesAndPrintsRepliesLikeNanocat(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("all-bytes.bin");
    Files.write(file, messages().get(0));
    List<byte[]> received = new ArrayList<>();
    List<byte[]> printed = new ArrayList<>();
    for (boolean ours : List.of(false, true)) {
      try (SpSocket rep = SpSocket.open(Protocol.REP, OPTS)) {
        String url = rep.bind("tcp://127.0.0.1:0").url();
        try (Child req =
            new Child(cmd(ours, "--req", "--connect", url, "--file", file.toString(), "--hex"))) {
          received.add(rep.recv(30_000).body());
          rep.send(new Message(new byte[] {0, 'x', (byte) 0xff}));
          assertThat(req.exit()).isZero();
          printed.add(req.stdout());
        }
      }
    }
    assertThat(received.get(0)).isEqualTo(messages().get(0));
    assertThat(received.get(1)).isEqualTo(received.get(0));
    assertThat(printed.get(1)).isEqualTo(printed.get(0));
    assertThat(new String(printed.get(0))).isEqualTo("\"\\x00\\x78\\xff\"\n");
  }

  @Test
  void exitCodesMatchNanocat() throws Exception {
    int taken;
    try (SpSocket pull = SpSocket.open(Protocol.PULL, OPTS)) {
      taken = Integer.parseInt(pull.bind("tcp://127.0.0.1:0").url().replaceAll(".*:", ""));
      String[][] cases = {
        {"--bind", "tcp://127.0.0.1:1"},
        {"--req", "--connect", "tcp://127.0.0.1:1"},
        {"--pub", "--bind", "tcp://127.0.0.1:1", "--data", "x", "-Q"},
        {"--push", "--pull", "--bind", "tcp://127.0.0.1:1"},
        {"--pull", "--bind", "tcp://127.0.0.1:" + taken},
        {"--push", "--connect", "nope://x", "--data", "x"},
      };
      for (String[] c : cases) {
        int theirs;
        int ours;
        try (Child t = new Child(cmd(false, c))) {
          theirs = t.exit();
        }
        try (Child o = new Child(cmd(true, c))) {
          ours = o.exit();
        }
        assertThat(ours).as(String.join(" ", c)).isEqualTo(theirs);
      }
    }
  }

  @Test
  void pullPrintsWhatNanocatPushes(@TempDir Path dir) throws Exception {
    Path sock = dir.resolve("pipe.ipc");
    try (Child pull = new Child(cmd(true, "--pull", "-X", sock.toString(), "--quoted"))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(sock));
      try (Child push =
          new Child(
              cmd(false, "--push", "-x", sock.toString(), "--data", "hi", "--interval", "0.1"))) {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> push.p.isAlive() && new String(pull.stdout()).startsWith("\"hi\"\n\"hi\"\n"));
      }
    }
  }
}
