package io.sluice.sp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Timeouts, try/async calls, the poller, max receive size, linger, reconnect back-off. */
class OptionsTest extends SpTestBase {

  @Test
  void defaultsAreNanomsgs() {
    SocketOptions d = SocketOptions.defaults();
    assertThat(d.sendBufferBytes()).isEqualTo(128 * 1024);
    assertThat(d.recvBufferBytes()).isEqualTo(128 * 1024);
    assertThat(d.sendTimeoutMillis()).isEqualTo(-1);
    assertThat(d.recvTimeoutMillis()).isEqualTo(-1);
    assertThat(d.reconnectIntervalMillis()).isEqualTo(100);
    assertThat(d.reconnectIntervalMaxMillis()).isZero();
    assertThat(d.recvMaxSize()).isEqualTo(1024 * 1024);
    assertThat(d.maxTtl()).isEqualTo(8);
    assertThat(d.requestResendMillis()).isEqualTo(60_000);
    assertThat(d.surveyDeadlineMillis()).isEqualTo(1000);
  }

  @Test
  void receiveTimeoutIsHonoured() {
    SpSocket pull = open(Protocol.PULL, FAST.withRecvTimeoutMillis(100));
    long start = System.nanoTime();
    assertThatThrownBy(pull::recv)
        .isInstanceOfSatisfying(
            SpException.class, e -> assertThat(e.error()).isEqualTo(SpError.TIMED_OUT));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(ms).isBetween(90L, 3000L);
    assertThat(pull.tryRecv()).isNull();
  }

  @Test
  void asyncCallsComplete() throws Exception {
    SpSocket pull = open(Protocol.PULL);
    SpSocket push = open(Protocol.PUSH);
    push.connect(pull.bind(Transport.INPROC.bindUrl()).url());
    CompletableFuture<Message> r = pull.recvAsync();
    assertThat(r).isNotDone();
    push.sendAsync(msg("async")).get(5, TimeUnit.SECONDS);
    assertThat(r.get(5, TimeUnit.SECONDS).bodyText()).isEqualTo("async");
    CompletableFuture<Message> cancelled = pull.recvAsync();
    cancelled.cancel(true);
    push.send("after-cancel");
    assertThat(pull.recv(5000).bodyText()).isEqualTo("after-cancel");
  }

  @Test
  void blockedCallsFailWithClosedWhenTheSocketCloses() throws Exception {
    SpSocket pull = ctx.open(Protocol.PULL, FAST);
    CompletableFuture<Message> r = pull.recvAsync();
    pull.close();
    assertThat(r)
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(
            SpException.class, e -> assertThat(e.error()).isEqualTo(SpError.CLOSED));
    assertThatThrownBy(() -> pull.send("x")).isInstanceOf(SpException.class);
  }

  @Test
  void pollerReportsReadinessOfSeveralSockets() {
    SpSocket pull1 = open(Protocol.PULL);
    SpSocket pull2 = open(Protocol.PULL);
    SpSocket push = open(Protocol.PUSH);
    push.connect(pull1.bind(Transport.INPROC.bindUrl()).url());
    try (SpPoller poller = new SpPoller()) {
      poller.register(pull1, SpPoller.IN);
      poller.register(pull2, SpPoller.IN);
      assertThat(poller.poll(50)).isEmpty();
      CompletableFuture<List<SpPoller.Ready>> waiting =
          CompletableFuture.supplyAsync(() -> poller.poll(5000));
      push.send("wake");
      List<SpPoller.Ready> ready = waiting.join();
      assertThat(ready).extracting(SpPoller.Ready::socket).containsExactly(pull1);
      poller.register(push, SpPoller.OUT);
      assertThat(poller.poll(0)).extracting(SpPoller.Ready::socket).contains(push, pull1);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Transport.class,
      names = {"TCP", "IPC", "WS"})
  void oversizedMessageDropsThatConnectionOnly(Transport t) {
    SpSocket pull = open(Protocol.PULL, FAST.withRecvMaxSize(1000));
    String url = pull.bind(t.bindUrl()).url();
    SpSocket big = open(Protocol.PUSH);
    SpSocket small = open(Protocol.PUSH);
    big.connect(url);
    small.connect(url);
    awaitPeers(pull, 2);
    awaitPeers(big, 1);
    big.send(new byte[2000]);
    small.send("still here");
    assertThat(pull.recv(5000).bodyText()).isEqualTo("still here");
    // the big sender's connection was dropped; after it re-dials, small messages flow again
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              big.trySend(msg("again"));
              Message m = pull.tryRecv();
              if (m == null) {
                return false;
              }
              assertThat(m.body().length).isLessThan(1000);
              return m.bodyText().equals("again");
            });
  }

  @Test
  void lingerDeliversQueuedMessagesToAPeerThatAppearsDuringIt() throws Exception {
    String url = Transport.TCP.bindUrl();
    ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    int port = probe.getLocalPort();
    probe.close();
    url = "tcp://127.0.0.1:" + port;
    SpSocket push = ctx.open(Protocol.PUSH, FAST.withLingerMillis(5000));
    push.connect(url);
    for (int i = 0; i < 100; i++) {
      push.send("queued " + i);
    }
    Thread closer = Thread.ofVirtual().start(push::close);
    SpSocket pull = open(Protocol.PULL);
    pull.bind(url);
    for (int i = 0; i < 100; i++) {
      assertThat(pull.recv(5000).bodyText()).isEqualTo("queued " + i);
    }
    assertThat(closer.join(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void lingerIsBoundedWhenNobodyCanTakeTheMessages() {
    SpSocket push = ctx.open(Protocol.PUSH, FAST.withLingerMillis(200));
    push.connect("inproc://nobody-here");
    push.send("lost");
    long start = System.nanoTime();
    push.close();
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(ms).isBetween(150L, 3000L);
  }

  @Test
  void closeWithNothingQueuedIsImmediate() {
    SpSocket pull = ctx.open(Protocol.PULL, FAST);
    pull.bind(Transport.TCP.bindUrl());
    long start = System.nanoTime();
    pull.close();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(500L);
  }

  @Test
  void reconnectBacksOffToTheMaximum() throws Exception {
    assertThat(countDials(FAST.withReconnect(20, 0))).isGreaterThan(15);
    assertThat(countDials(FAST.withReconnect(20, 320))).isBetween(2, 9);
  }

  /** Dials for 800 ms to a server that closes every connection at once; counts the dials. */
  private int countDials(SocketOptions o) throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    try {
      Thread acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (true) {
                      try {
                        Socket s = server.accept();
                        accepted.incrementAndGet();
                        s.close();
                      } catch (IOException e) {
                        return;
                      }
                    }
                  });
      SpSocket req = ctx.open(Protocol.REQ, o);
      req.connect("tcp://127.0.0.1:" + server.getLocalPort());
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(800);
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> System.nanoTime() - end >= 0);
      req.close();
      server.close();
      acceptor.join();
    } finally {
      server.close();
    }
    return accepted.get();
  }
}
