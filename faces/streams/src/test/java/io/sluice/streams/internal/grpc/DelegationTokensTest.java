package io.sluice.streams.internal.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.streams.internal.wire.SegmentAuth.Access;
import io.sluice.streams.internal.wire.SegmentAuth.Verdict;
import io.sluice.streams.testing.ManualClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DelegationTokensTest {
  private final ManualClock clock = new ManualClock();
  private final DelegationTokens tokens =
      new DelegationTokens(new Jwt("secret"), clock, Duration.ofMinutes(10));

  @Test
  void tokensGrantTheirStreamOnlyUntilTheyExpire() {
    String rw = tokens.issue("sc", "st", true);
    String ro = tokens.issue("sc", "st", false);
    assertThat(tokens.check(rw, "sc/st/0.#epoch.0", Access.WRITE)).isEqualTo(Verdict.ALLOWED);
    assertThat(tokens.check(ro, "sc/st/0.#epoch.0", Access.READ)).isEqualTo(Verdict.ALLOWED);
    assertThat(tokens.check(ro, "sc/st/0.#epoch.0", Access.WRITE)).isEqualTo(Verdict.DENIED);
    assertThat(tokens.check(rw, "sc/other/0.#epoch.0", Access.READ)).isEqualTo(Verdict.DENIED);
    assertThat(tokens.check(rw, "sc/_MARKst/0.#epoch.0", Access.READ)).isEqualTo(Verdict.ALLOWED);
    assertThat(
            tokens.check(tokens.issue("sc", "kv", true), "sc/kv_kvtable/0.#epoch.0", Access.WRITE))
        .isEqualTo(Verdict.ALLOWED);
    assertThat(tokens.check("", "sc/st/0.#epoch.0", Access.READ)).isEqualTo(Verdict.DENIED);
    String forged = new Jwt("other").encode(Map.of("scope", "sc", "stream", "st", "exp", 1L << 40));
    assertThat(tokens.check(forged, "sc/st/0.#epoch.0", Access.READ)).isEqualTo(Verdict.DENIED);
    clock.advance(Duration.ofMinutes(11).toMillis());
    assertThat(tokens.check(rw, "sc/st/0.#epoch.0", Access.READ)).isEqualTo(Verdict.EXPIRED);
  }

  @Test
  void jwtRoundTripsClaimsAndRejectsTampering() {
    Jwt jwt = new Jwt("k");
    String t = jwt.encode(Map.of("sub", "u", "exp", 42L));
    assertThat(jwt.decode(t)).containsEntry("sub", "u").containsEntry("exp", "42");
    String tampered = t.substring(0, t.length() - 2) + (t.endsWith("AA") ? "BB" : "AA");
    assertThat(jwt.decode(tampered)).isNull();
    assertThat(jwt.decode("not.a.jwt")).isNull();
    assertThat(jwt.decode("x")).isNull();
  }
}
