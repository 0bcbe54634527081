package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
  @Test
  void parsesBinaryUnits() {
    assertThat(ByteSize.parse("4096")).isEqualTo(4096);
    assertThat(ByteSize.parse("512k")).isEqualTo(512L << 10);
    assertThat(ByteSize.parse("64MiB")).isEqualTo(64L << 20);
    assertThat(ByteSize.parse("64 MB")).isEqualTo(64L << 20);
    assertThat(ByteSize.parse("2g")).isEqualTo(2L << 30);
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> ByteSize.parse("lots")).hasMessageContaining("not a size");
    assertThatThrownBy(() -> ByteSize.parse("MiB")).hasMessageContaining("not a size");
    assertThatThrownBy(() -> ByteSize.parse("-5")).hasMessageContaining("negative");
  }
}
