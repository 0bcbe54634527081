package io.sluice.storage.acceptance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A child JVM running a main class of the test classpath with the test's own java, whose stdout is
 * collected as complete lines (a line cut by a kill is dropped, since its writer never finished it)
 * and whose stderr goes to a file. Not thread-safe except {@link #lines()} and {@link
 * #lineCount()}, which the reader thread feeds.
 */
final class ChildJvm {
  private final Process process;
  private final ProcessHandle handle;
  private final Path stderr;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final AtomicBoolean sawReady = new AtomicBoolean();
  private final Thread reader;

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.handle = process.toHandle();
    this.stderr = stderr;
    this.reader = Thread.ofPlatform().daemon().name("child-stdout").start(this::readLines);
  }

  /** Starts {@code main} with the given JVM options and program arguments. */
  static ChildJvm start(Class<?> main, List<String> jvmOptions, List<String> args, Path stderr)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    return new ChildJvm(pb.start(), stderr);
  }

  private void readLines() {
    StringBuilder line = new StringBuilder();
    byte[] buf = new byte[8192];
    try (InputStream in = process.getInputStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        String chunk = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < chunk.length(); i++) {
          char c = chunk.charAt(i);
          if (c == '\n') {
            String l = line.toString();
            if (l.equals("@READY")) {
              sawReady.set(true);
            }
            lines.add(l);
            line.setLength(0);
          } else {
            line.append(c);
          }
        }
      }
    } catch (IOException e) {
      // The pipe breaks when the child dies: everything complete was collected.
    }
  }

  List<String> lines() {
    return lines;
  }

  int lineCount() {
    return lines.size();
  }

  boolean ready() {
    return sawReady.get();
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
   * Kills the child with SIGKILL ({@link Process#destroyForcibly()} on Linux), checks that it died
   * of that signal (exit code 137) and that no process with its pid is left, and waits for the rest
   * of its output.
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
    reader.join(30_000);
  }

  /** Waits for the output after a normal exit. */
  void awaitOutput() throws InterruptedException {
    process.waitFor();
    reader.join(30_000);
  }

  /** Exit state, last lines and the tail of stderr, for failure messages. */
  String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("pid ").append(pid());
    if (!process.isAlive()) {
      sb.append(", exit code ").append(process.exitValue());
    }
    List<String> l = lines;
    sb.append("\nlast stdout lines:\n");
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
