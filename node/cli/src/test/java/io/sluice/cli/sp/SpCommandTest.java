package io.sluice.cli.sp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.sp.Protocol;
import io.sluice.sp.SocketOptions;
import io.sluice.sp.SpSocket;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sluice sp} against in-process SP sockets: loops, flags, usage errors. */
class SpCommandTest {
  static final SocketOptions OPTS = SocketOptions.defaults().withReconnect(20, 200);

  record Result(int status, String out, String err) {}

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        new CommandLine(
                new SpCommand(
                    new PrintStream(out, true, StandardCharsets.ISO_8859_1),
                    new PrintStream(err, true, StandardCharsets.ISO_8859_1)))
            .execute(args);
    return new Result(
        status, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs the command on its own thread; cancelling the future interrupts it. */
  static CompletableFuture<Result> runAsync(String... args) {
    CompletableFuture<Result> f = new CompletableFuture<>();
    Thread t = Thread.ofVirtual().start(() -> f.complete(run(args)));
    f.whenComplete(
        (r, e) -> {
          if (f.isCancelled()) {
            t.interrupt();
          }
        });
    return f;
  }

  @Test
  void reqSendsDataPrintsTheReplyAndExits() throws Exception {
    try (SpSocket rep = SpSocket.open(Protocol.REP, OPTS)) {
      String url = rep.bind("tcp://127.0.0.1:0").url();
      CompletableFuture<Result> r = runAsync("--req", "--connect", url, "--data", "ping", "-Q");
      assertThat(rep.recv(10_000).bodyText()).isEqualTo("ping");
      rep.send("pong");
      Result res = r.get(10, TimeUnit.SECONDS);
      assertThat(res.status()).isZero();
      assertThat(res.out()).isEqualTo("\"pong\"\n");
    }
  }

  @Test
  void repAnswersEveryRequestWithData() {
    int port = freePort();
    CompletableFuture<Result> r =
        runAsync("--rep", "-L", String.valueOf(port), "--data", "pong", "--ascii");
    try (SpSocket req = SpSocket.open(Protocol.REQ, OPTS)) {
      req.connect("tcp://127.0.0.1:" + port);
      for (int i = 0; i < 3; i++) {
        req.send("ping" + i);
        assertThat(req.recv(10_000).bodyText()).isEqualTo("pong");
      }
    }
    r.cancel(true);
  }

  @Test
  void pushSendsOnceAndPullPrintsUntilTheReceiveTimeout(@TempDir Path dir) throws Exception {
    String path = dir.resolve("pipe.ipc").toString();
    CompletableFuture<Result> pull = runAsync("--pull", "-X", path, "--recv-timeout", "1", "--hex");
    Files.write(dir.resolve("data.bin"), new byte[] {1, 2, (byte) 0xfe});
    awaitFile(Path.of(path));
    Result push = run("--push", "-x", path, "--file", dir.resolve("data.bin").toString());
    assertThat(push.status()).isZero();
    Result got = pull.get(10, TimeUnit.SECONDS);
    assertThat(got.status()).isZero();
    assertThat(got.out()).isEqualTo("\"\\x01\\x02\\xfe\"\n");
  }

  @Test
  void subFiltersBySubscriptionAndPubRepeatsWithInterval() throws Exception {
    try (SpSocket pub = SpSocket.open(Protocol.PUB, OPTS)) {
      String url = pub.bind("tcp://127.0.0.1:0").url();
      CompletableFuture<Result> sub =
          runAsync("--sub", "--connect", url, "--subscribe", "yes", "--recv-timeout", "1", "-Q");
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (pub.peerCount() == 0 && System.nanoTime() < end) {
        Thread.onSpinWait();
      }
      pub.send("no thanks");
      pub.send("yes please");
      Result r = sub.get(10, TimeUnit.SECONDS);
      assertThat(r.out()).isEqualTo("\"yes please\"\n");
    }
    try (SpSocket sub = SpSocket.open(Protocol.SUB, OPTS)) {
      sub.subscribe("");
      String url = sub.bind("tcp://127.0.0.1:0").url();
      CompletableFuture<Result> pub =
          runAsync("--pub", "--connect", url, "--data", "tick", "--interval", "0.05");
      assertThat(sub.recv(10_000).bodyText()).isEqualTo("tick");
      assertThat(sub.recv(10_000).bodyText()).isEqualTo("tick");
      pub.cancel(true);
    }
  }

  @Test
  void usageErrorsExitWithOneLikeNanocat() {
    Result none = run("--bind", "tcp://127.0.0.1:0");
    assertThat(none.status()).isEqualTo(1);
    assertThat(none.err()).contains("At least one of the following required:", "--push");
    Result noData = run("--req", "--connect", "tcp://127.0.0.1:1");
    assertThat(noData.status()).isEqualTo(1);
    assertThat(noData.err()).contains("Option --req requires", "--data", "-F");
    Result format = run("--pub", "--bind", "tcp://127.0.0.1:0", "--data", "x", "-Q");
    assertThat(format.status()).isEqualTo(1);
    assertThat(format.err()).contains("Option -Q (--quoted) requires");
    Result conflict = run("--push", "--pull", "--bind", "tcp://127.0.0.1:0");
    assertThat(conflict.err()).contains("conflicts with the following options:");
    Result noEndpoint = run("--pull");
    assertThat(noEndpoint.err()).contains("--connect-local");
  }

  @Test
  void socketErrorsExitWithThree() throws Exception {
    try (SpSocket taken = SpSocket.open(Protocol.PULL, OPTS)) {
      String url = taken.bind("tcp://127.0.0.1:0").url();
      Result r = run("--pull", "--bind", url, "--recv-timeout", "0.1");
      assertThat(r.status()).isEqualTo(3);
      assertThat(r.err()).isEqualTo("Can't bind: Address already in use\n");
    }
    Result bad = run("--pull", "--connect", "foo://x", "--recv-timeout", "0.1");
    assertThat(bad.status()).isEqualTo(3);
    assertThat(bad.err()).isEqualTo("Can't connect: Protocol not supported\n");
  }

  static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void awaitFile(Path p) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> Files.exists(p));
  }
}
