package io.sluice.systests.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.systests.NodeProcess;
import io.sluice.systests.NodeProcess.CliResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./sluice session ...} from the built distribution against a node process. */
class SessionsCliIT {
  private static final Duration T = Duration.ofSeconds(60);

  @TempDir Path tmp;

  private static String lastLine(CliResult r) {
    String[] lines = r.output().strip().split("\n");
    return lines[lines.length - 1].strip();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void openAppendStoreThenHandle() throws Exception {
    try (NodeProcess node = NodeProcess.start(tmp.resolve("node"))) {
      String server = "127.0.0.1:" + node.port("sessions");
      CliResult kind =
          NodeProcess.runCli(
              T, "session", "kind", "--kind", "4", "--timeout", "30s", "--server", server);
      assertThat(kind.exitCode()).as(kind.output()).isZero();
      CliResult open = NodeProcess.runCli(T, "session", "open", "--kind", "4", "--server", server);
      assertThat(open.exitCode()).as(open.output()).isZero();
      String id = lastLine(open);
      assertThat(id).matches("\\d+");
      CliResult append =
          NodeProcess.runCli(T, "session", "append", id, "first", "second", "--server", server);
      assertThat(lastLine(append)).isEqualTo("2");
      CliResult store =
          NodeProcess.runCli(T, "session", "store", id, "--timeout", "1s", "--server", server);
      assertThat(store.exitCode()).as(store.output()).isZero();
      CliResult handle =
          NodeProcess.runCli(
              T, "session", "handle", "--kind", "4", "--count", "1", "--server", server);
      assertThat(handle.exitCode()).as(handle.output()).isZero();
      assertThat(lastLine(handle))
          .isEqualTo(
              "{\"id\":"
                  + id
                  + ",\"kind\":4,\"attempt\":1,\"records\":[\""
                  + b64("first")
                  + "\",\""
                  + b64("second")
                  + "\"]}");
      CliResult again = NodeProcess.runCli(T, "session", "delete", id, "--server", server);
      assertThat(again.exitCode()).isEqualTo(1);
      assertThat(again.output()).contains("SESSION_FINISHED (FAILED_PRECONDITION)");
    }
  }
}
