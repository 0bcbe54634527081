package io.sluice.systests.kv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's etcdctl 3.4 (package etcd-client) against one endpoint. */
final class Etcdctl {
  /** What a finished etcdctl printed (stdout and stderr merged) and how it exited. */
  record Result(int exit, String out) {}

  private final String endpoint;

  Etcdctl(int port) {
    this.endpoint = "127.0.0.1:" + port;
  }

  static String binary() {
    for (String p : List.of("/usr/bin/etcdctl", "/usr/local/bin/etcdctl")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    throw new AssertionError(
        "etcdctl not found: install the Debian package etcd-client (apt-get install -y etcd-client)");
  }

  Result run(String... args) {
    return runWithInput(null, 60, args);
  }

  Result runWithInput(String stdin, int timeoutSeconds, String... args) {
    List<String> cmd = new ArrayList<>(List.of(binary(), "--endpoints=" + endpoint));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("ETCDCTL_API", "3");
    try {
      Process p = pb.start();
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("etcdctl " + args[0] + " did not finish");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("could not run etcdctl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Starts a long-running etcdctl (e.g. watch); the caller reads and destroys it. */
  Process start(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(binary(), "--endpoints=" + endpoint));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("ETCDCTL_API", "3");
    return pb.start();
  }
}
