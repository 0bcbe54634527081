package io.sluice.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.sessions.client.KindSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KindsConfigTest {
  @Test
  void parsesKindsAndEndpoints() {
    KindsConfig c =
        KindsConfig.parse(
            " 9 ; 1:timeout=30s,max-attempts=5,dead-letter=9,jitter=250ms;"
                + "2:endpoint=tcp://127.0.0.1:5555,request-timeout=5s,in-flight=4,timeout=2m ");
    assertThat(c.kinds())
        .containsExactly(
            KindSpec.of(9, KindsConfig.DEFAULT_TIMEOUT),
            KindSpec.of(1, Duration.ofSeconds(30))
                .withMaxAttempts(5, 9)
                .withMaxJitter(Duration.ofMillis(250)),
            KindSpec.of(2, Duration.ofMinutes(2)));
    assertThat(c.endpoints())
        .containsExactly(new KindEndpoint(2, "tcp://127.0.0.1:5555", Duration.ofSeconds(5), 4));
    assertThat(KindsConfig.parse("").kinds()).isEmpty();
    assertThat(SessionsOptions.builder().kindsConfig(c).build().endpoints().get(0).url())
        .isEqualTo("tcp://127.0.0.1:5555");
  }

  @Test
  void badTextIsRefusedWithTheKindAndKeyNamed() {
    assertThatThrownBy(() -> KindsConfig.parse("1:colour=red"))
        .hasMessageContaining("kind 1")
        .hasMessageContaining("unknown key 'colour'");
    assertThatThrownBy(() -> KindsConfig.parse("1:timeout=soon"))
        .hasMessageContaining("'soon' is not a duration");
    assertThatThrownBy(() -> KindsConfig.parse("x:timeout=1s")).hasMessageContaining("'x'");
    assertThatThrownBy(() -> KindsConfig.parse("1;1")).hasMessageContaining("twice");
    assertThatThrownBy(() -> KindsConfig.parse("1:request-timeout=1s"))
        .hasMessageContaining("need an endpoint");
    assertThatThrownBy(() -> KindsConfig.parse("1:endpoint=http://x"))
        .hasMessageContaining("not an SP address");
    assertThatThrownBy(() -> KindsConfig.parse("1:endpoint=tcp://x:1,in-flight=0"))
        .hasMessageContaining("in-flight");
    assertThatThrownBy(() -> KindsConfig.parse("1:max-attempts=-1")).hasMessageContaining("kind 1");
  }
}
