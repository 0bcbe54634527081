package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code sluice exercise --clients-of}: the ports of the faces the clients call, or nothing. */
class ExerciseCommandTest {
  @Test
  void namesEveryFaceItCallsWithAPort() {
    assertThat(
            ExerciseCommand.parsePorts(
                "controller=9090,segment-store=12345,etcd=2379,sessions=9300"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("controller", 9090, "segment-store", 12345, "etcd", 2379, "sessions", 9300));
  }

  @Test
  void refusesAMissingFaceABadPortOrABadPair() {
    assertThat(ExerciseCommand.parsePorts("controller=9090,etcd=2379")).isNull();
    assertThat(ExerciseCommand.parsePorts("controller=9090,etcd=2379,sessions=9300")).isNull();
    assertThat(ExerciseCommand.parsePorts("controller=9090,etcd=2379,sessions=0")).isNull();
    assertThat(ExerciseCommand.parsePorts("controller=9090,etcd=70000,sessions=9300")).isNull();
    assertThat(ExerciseCommand.parsePorts("controller=x,etcd=2379,sessions=9300")).isNull();
    assertThat(ExerciseCommand.parsePorts("controller,etcd=2379,sessions=9300")).isNull();
    assertThat(ExerciseCommand.parsePorts("")).isNull();
  }
}
