package io.sluice.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HelloTest {
  @Test
  void thisVersionIsPravega013s() {
    assertThat(Hello.ofThisVersion()).isEqualTo(new Hello(16, 5));
    assertThat(Hello.ofThisVersion().requestId()).isZero();
  }

  @Test
  void compatibleWhenTheVersionRangesOverlap() {
    assertThat(new Hello(16, 5).isCompatible()).isTrue(); // Pravega 0.13 Java client
    assertThat(new Hello(15, 5).isCompatible()).isTrue(); // Rust client 0.3.7
    assertThat(new Hello(5, 5).isCompatible()).isTrue();
    assertThat(new Hello(20, 16).isCompatible()).isTrue();
    assertThat(new Hello(4, 1).isCompatible()).isFalse(); // too old
    assertThat(new Hello(30, 17).isCompatible()).isFalse(); // too new
  }
}
