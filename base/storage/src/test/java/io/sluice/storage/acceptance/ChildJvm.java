package io.sluice.storage.acceptance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class of the test classpath with the test's own java. Its stdout goes
 * to a file, not a pipe: what a killed process wrote before it died is all in the file, whereas a
 * pipe's last bytes can be lost when the JDK drains it at process exit while a reader is blocked in
 * it. {@link #lines()} returns complete lines only (a line cut by a kill is dropped, since its
 * writer never finished it). stderr goes to a second file. Not thread-safe: one test thread uses
 * it.
 */
final class ChildJvm {
  private final Process process;
  private final ProcessHandle handle;
  private final Path stdout;
  private final Path stderr;
  private long scanned;
  private int lineCount;
  private boolean ready;

  private ChildJvm(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.handle = process.toHandle();
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Starts {@code main} with the given JVM options and program arguments; stdout and stderr go to
   * {@code output + ".out"} and {@code output + ".err"}.
   */
  static ChildJvm start(Class<?> main, List<String> jvmOptions, List<String> args, Path output)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(args);
    Path out = Path.of(output + ".out");
    Path err = Path.of(output + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()))
            .redirectError(ProcessBuilder.Redirect.to(err.toFile()));
    return new ChildJvm(pb.start(), out, err);
  }

  /** Complete lines written so far (scans what was added to the file since the last call). */
  int lineCount() {
    try (FileChannel ch = FileChannel.open(stdout, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(64 << 10);
      StringBuilder line = new StringBuilder();
      long at = scanned;
      int n;
      while ((n = ch.read(buf.clear(), at)) > 0) {
        for (int i = 0; i < n; i++) {
          byte b = buf.get(i);
          if (b == '\n') {
            lineCount++;
            if (line.toString().equals("@READY")) {
              ready = true;
            }
            line.setLength(0);
            scanned = at + i + 1;
          } else if (line.length() < 16) {
            line.append((char) b);
          }
        }
        at += n;
      }
      return lineCount;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the child printed {@code @READY} (as far as {@link #lineCount()} scanned). */
  boolean ready() {
    lineCount();
    return ready;
  }

  /** All complete lines the child wrote. */
  List<String> lines() {
    try {
      String all = Files.readString(stdout, StandardCharsets.ISO_8859_1);
      int end = all.lastIndexOf('\n');
      return end < 0 ? List.of() : List.of(all.substring(0, end).split("\n", -1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  long pid() {
    return handle.pid();
  }

  /** Waits up to {@code millis} for the child to exit by itself; true if it did. */
  boolean waitForExit(long millis) throws InterruptedException {
    return process.waitFor(millis, TimeUnit.MILLISECONDS);
  }

  /** Exit code after the child ended; waits for it. */
  int exitCode() throws InterruptedException {
    return process.waitFor();
  }

  /**
   * Kills the child with SIGKILL ({@link Process#destroyForcibly()} on Linux), then checks that it
   * died of that signal (exit code 137) and that no process with its pid is left.
   */
  void sigkill() throws InterruptedException {
    if (!process.isAlive()) {
      throw new AssertionError("child ended by itself before the kill: " + describe());
    }
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("child " + pid() + " survived SIGKILL for 30 s");
    }
    int code = process.exitValue();
    if (code != 128 + 9) {
      throw new AssertionError("child exit code " + code + " after SIGKILL, expected 137");
    }
    if (handle.isAlive()
        || ProcessHandle.of(handle.pid()).map(ProcessHandle::isAlive).orElse(false)) {
      throw new AssertionError("child " + pid() + " still alive after SIGKILL");
    }
  }

  /** Exit state, last lines and the tail of stderr, for failure messages. */
  String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("pid ").append(pid());
    if (!process.isAlive()) {
      sb.append(", exit code ").append(process.exitValue());
    }
    List<String> l = lines();
    sb.append("\nlast stdout lines (").append(stdout).append("):\n");
    for (String s : l.subList(Math.max(0, l.size() - 10), l.size())) {
      sb.append("  ").append(s).append('\n');
    }
    sb.append("stderr tail (").append(stderr).append("):\n");
    try {
      String err = Files.readString(stderr, StandardCharsets.ISO_8859_1);
      sb.append(err.substring(Math.max(0, err.length() - 4000)));
    } catch (IOException e) {
      sb.append(e);
    }
    return sb.toString();
  }
}
