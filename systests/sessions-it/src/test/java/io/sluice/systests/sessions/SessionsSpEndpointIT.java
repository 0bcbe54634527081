package io.sluice.systests.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.sessions.client.Session;
import io.sluice.sessions.client.SessionsClient;
import io.sluice.sessions.client.SessionsError;
import io.sluice.sessions.client.SessionsException;
import io.sluice.systests.NodeProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kind configured with an SP endpoint ({@code --sessions-kinds}) against a real REP peer: {@code
 * nngcat --rep --data DELETE} (Debian nng-utils; run under coreutils' stdbuf) receives each due
 * session as a JSON request and answers DELETE, which finishes it.
 */
class SessionsSpEndpointIT {
  @TempDir Path tmp;

  private static Path nngcat() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, "nngcat");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new AssertionError("nngcat is not installed: apt-get install nng-utils");
  }

  @Test
  void nngcatRepPeerGetsTheSessionAndItsReplyDeletesIt() throws Exception {
    Path socket = tmp.resolve("handler.ipc");
    String url = "ipc://" + socket;
    Process peer =
        // stdbuf: nngcat's stdout is a pipe; line buffering lets us read each request at once.
        // --quoted prints each message as one line, in quotes, with its quotes escaped
        new ProcessBuilder(
                "stdbuf",
                "-oL",
                nngcat().toString(),
                "--rep",
                "--listen",
                url,
                "--quoted",
                "--data",
                "DELETE")
            .redirectErrorStream(true)
            .start();
    List<String> seen = new CopyOnWriteArrayList<>();
    Thread pump =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (BufferedReader r =
                      new BufferedReader(
                          new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                      seen.add(line.replace("\\\"", "\""));
                    }
                  } catch (IOException e) {
                    seen.add("pump: " + e);
                  }
                });
    try (NodeProcess node =
        NodeProcess.start(
            tmp.resolve("node"),
            "--sessions-kinds",
            "3:timeout=2s,max-attempts=5;9:timeout=1m,endpoint=" + url + ",request-timeout=5s")) {
      assertThat(String.join("\n", node.output()))
          .contains("kind 9 is handled by the SP REP peer at " + url);
      try (SessionsClient c = SessionsClient.connect("127.0.0.1", node.port("sessions"))) {
        Session s = c.open(9);
        s.append(
            "hello".getBytes(StandardCharsets.UTF_8), "world".getBytes(StandardCharsets.UTF_8));
        s.store(Duration.ZERO);
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThatThrownBy(() -> c.get(s.id(), false))
                        .isInstanceOfSatisfying(
                            SessionsException.class,
                            e -> assertThat(e.error()).isEqualTo(SessionsError.SESSION_FINISHED)));
        String b64 = Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(seen)
                        .as("what nngcat received")
                        .anySatisfy(
                            line ->
                                assertThat(line)
                                    .contains("\"id\":" + s.id() + ",\"kind\":9,\"attempt\":1")
                                    .contains("\"records\":[\"" + b64 + "\",")));
        // the configured kind 3 exists too
        assertThat(c.kinds()).extracting(k -> k.kind()).contains(3, 9);
      }
    } finally {
      peer.destroy();
      peer.waitFor();
      pump.join(Duration.ofSeconds(5));
    }
  }
}
