package io.sluice.sp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** A peer program (nanocat, nngcat, spcat) run as a child process with its output captured. */
final class PeerProcess implements AutoCloseable {
  private final Process process;
  private final List<String> command;
  private final StringBuffer out = new StringBuffer();
  private final StringBuffer err = new StringBuffer();
  private final Thread outPump;
  private final Thread errPump;

  private PeerProcess(List<String> command) {
    this.command = command;
    try {
      this.process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    outPump = pump(process.getInputStream(), out);
    errPump = pump(process.getErrorStream(), err);
  }

  static PeerProcess start(List<String> command) {
    return new PeerProcess(command);
  }

  private static Thread pump(InputStream in, StringBuffer sink) {
    return Thread.ofVirtual()
        .start(
            () -> {
              byte[] buf = new byte[8192];
              try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  sink.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
              } catch (IOException e) {
                // process ended
              }
            });
  }

  String output() {
    return out.toString();
  }

  /** Waits until the peer printed {@code text}. */
  void awaitOutput(String text, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(10))
        .alias(command + " should print " + text + " (stderr: " + err + ")")
        .until(() -> out.indexOf(text) >= 0);
  }

  /** Waits for the peer to exit and checks its exit code. */
  void awaitExit(int expected, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(10))
        .alias(command + " should exit (stdout: " + out + ", stderr: " + err + ")")
        .until(() -> !process.isAlive());
    try {
      outPump.join(Duration.ofSeconds(5));
      errPump.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertThat(process.exitValue())
        .as(command + " exit code (stdout: " + out + ", stderr: " + err + ")")
        .isEqualTo(expected);
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
