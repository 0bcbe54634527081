package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.server.NodeConfig;
import io.sluice.server.NodeConfigBuilder.Key;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice server}'s own flag parser: both flag forms, help, and errors that say the fix. */
class ServerCommandTest {
  @TempDir Path dir;

  @Test
  void flagsTakeTheirValueAfterAnEqualsSignOrAsTheNextArgument() throws Exception {
    NodeConfig c =
        ServerCommand.parse(
                List.of("--etcd-port=2400", "--data-dir", "/var/lib/s", "--cache-bytes", "32MiB"))
            .config();
    assertThat(c.etcdPort()).isEqualTo(2400);
    assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/s"));
    assertThat(c.cacheBytes()).isEqualTo(32L << 20);
    assertThat(c.adminPort()).isEqualTo(NodeConfig.DEFAULT_ADMIN_PORT);
  }

  @Test
  void flagsWinOverTheConfigFile() throws Exception {
    Path yaml = dir.resolve("node.yaml");
    Files.writeString(yaml, "etcd-port: 2400\nsessions-port: 9301\n");
    NodeConfig c = ServerCommand.parse(List.of("--etcd-port", "2500", "--config=" + yaml)).config();
    assertThat(c.etcdPort()).isEqualTo(2500);
    assertThat(c.sessionsPort()).isEqualTo(9301);
  }

  @Test
  void anUnknownFlagIsRefusedWithTheClosestKnownOne() {
    assertThatThrownBy(() -> ServerCommand.parse(List.of("--etcd-prot", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown flag '--etcd-prot'; did you mean --etcd-port?");
    assertThatThrownBy(() -> ServerCommand.parse(List.of("--bananas=1")))
        .hasMessage("unknown flag '--bananas'");
  }

  @Test
  void aMissingValueARepeatedFlagAndAPositionalArgumentAreRefused() {
    assertThatThrownBy(() -> ServerCommand.parse(List.of("--etcd-port")))
        .hasMessage("--etcd-port needs a value (PORT)");
    assertThatThrownBy(() -> ServerCommand.parse(List.of("--etcd-port=1", "--etcd-port=2")))
        .hasMessage("--etcd-port is given more than once");
    assertThatThrownBy(() -> ServerCommand.parse(List.of("data")))
        .hasMessageContaining("unexpected argument 'data'");
  }

  @Test
  void helpListsEveryKeyAndExitsZeroWithoutStartingANode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        ServerCommand.run(
            List.of("--data-dir", dir.resolve("never").toString(), "--help"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(rc).isZero();
    String help = out.toString(StandardCharsets.UTF_8);
    for (Key k : Key.values()) {
      assertThat(help).contains("--" + k.key() + "=" + k.label());
    }
    assertThat(help).contains("--config=FILE").contains("--version");
    assertThat(help.lines()).allMatch(l -> l.length() <= 100);
    assertThat(dir.resolve("never")).doesNotExist();
  }

  @Test
  void aBadValueExitsTwoNamingTheFlag() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        ServerCommand.run(
            List.of("--admin-port=http"),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(rc).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--admin-port")
        .contains("bad value 'http'");
  }
}
