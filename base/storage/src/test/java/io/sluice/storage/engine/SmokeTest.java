package io.sluice.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.storage.StorageEngine;
import io.sluice.storage.testing.ManualClock;
import io.sluice.storage.testing.MemoryFileLayer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void appendReadReopen() {
    MemoryFileLayer fs = new MemoryFileLayer();
    ManualClock clock = new ManualClock();
    try (StorageEngine e = EngineFixture.open(fs, clock)) {
      e.segments().create("a", Map.of()).join();
      assertThat(e.segments().append("a", EngineFixture.bytes("hello")).join()).isEqualTo(5);
      assertThat(e.segments().append("a", EngineFixture.bytes(" world")).join()).isEqualTo(11);
      var r = e.segments().read("a", 0, 100, Duration.ZERO).join();
      assertThat(EngineFixture.string(r.data())).isEqualTo("hello world");
    }
    try (StorageEngine e = EngineFixture.open(fs, clock)) {
      var r = e.segments().read("a", 0, 100, Duration.ZERO).join();
      assertThat(EngineFixture.string(r.data())).isEqualTo("hello world");
      e.segments().append("a", EngineFixture.bytes("!")).join();
    }
    fs.crash();
    try (StorageEngine e = EngineFixture.open(fs, clock)) {
      var r = e.segments().read("a", 0, 100, Duration.ZERO).join();
      assertThat(EngineFixture.string(r.data())).isEqualTo("hello world!");
    }
  }
}
