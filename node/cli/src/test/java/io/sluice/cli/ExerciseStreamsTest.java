package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.Node;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training run's streams traffic against a real node in this JVM: every append in the Java
 * client's block style (with partial events) is acknowledged and the single writer's bytes read
 * back in full.
 */
class ExerciseStreamsTest {
  @TempDir Path dir;

  @Test
  void appendsAndReadsThroughTheSegmentStore() throws Exception {
    try (Node node = Node.start(ExerciseCommand.throwAwayNode(dir.resolve("data")))) {
      String controller = "--controller=127.0.0.1:" + node.ports().get("controller");
      assertThat(SluiceCli.run("stream", "create-scope", controller, "t")).isZero();
      assertThat(SluiceCli.run("stream", "create", controller, "t/one", "--segments=1")).isZero();
      assertThat(
              SluiceCli.run(
                  "stream",
                  "create",
                  controller,
                  "t/many",
                  "--segments=" + ExerciseStreams.WRITERS))
          .isZero();
      assertThat(ExerciseStreams.run(node.ports().get("segment-store"), "t/one", "t/many"))
          .isZero();
      long expected =
          (long) ExerciseStreams.SMALL_EVENTS * 108
              + (long) ExerciseStreams.WRITERS * ExerciseStreams.BIG_EVENTS * 1032;
      assertThat(
              node.storage().segments().info("t/one/0.#epoch.0").get().length()
                  + sum(node, ExerciseStreams.WRITERS))
          .isEqualTo(expected);
    }
  }

  private static long sum(Node node, int segments) throws Exception {
    long n = 0;
    for (int i = 0; i < segments; i++) {
      n += node.storage().segments().info("t/many/" + i + ".#epoch.0").get().length();
    }
    return n;
  }
}
