package io.sluice.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.auth.DelegationTokens.Status;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DelegationTokensTest {
  private static final byte[] KEY = "secret".getBytes(StandardCharsets.US_ASCII);
  private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

  /** A token made by Pravega's own JsonWebToken (jjwt), quoted in its javadoc; key "secret". */
  private static final String PRAVEGA_TOKEN =
      "eyJhbGciOiJIUzUxMiJ9.eyJleHAiOjM3MDc2MjUyMjgsInMxIjoiUkVBRF9VUERBVEUifQ."
          + "j6xbFRIIZxv3GEedqKcZVy-49Y7U1710q-gjY43-UMgO_kwCH_9kJRuZ7Am589kg5TJewmGhGB9SPblES78pEg";

  private static TokenClaims claims(Optional<Instant> exp) {
    return new TokenClaims(
        DelegationTokens.SUBJECT,
        DelegationTokens.AUDIENCE,
        NOW,
        exp,
        Map.of("prn::/scope:s/stream:t", "READ_UPDATE"));
  }

  @Test
  void acceptsATokenSignedByPravega() {
    DelegationTokens.Check check = DelegationTokens.check(PRAVEGA_TOKEN, KEY, NOW);
    assertThat(check.status()).isEqualTo(Status.VALID);
    TokenClaims t = check.token().orElseThrow();
    assertThat(t.permissions()).isEqualTo(Map.of("s1", "READ_UPDATE"));
    assertThat(t.expiresAt()).contains(Instant.ofEpochSecond(3707625228L));
    assertThat(DelegationTokens.expirationTime(PRAVEGA_TOKEN)).hasValue(3707625228L);
  }

  @Test
  void signedTokensCheckBack() {
    TokenClaims claims = claims(Optional.of(NOW.plusSeconds(600)));
    String token = DelegationTokens.sign(claims, KEY);
    assertThat(token.split("\\.")[0]).isEqualTo("eyJhbGciOiJIUzUxMiJ9"); // {"alg":"HS512"}
    DelegationTokens.Check check = DelegationTokens.check(token, KEY, NOW.plusSeconds(599));
    assertThat(check.status()).isEqualTo(Status.VALID);
    assertThat(check.token()).contains(claims);
  }

  @Test
  void expiredTokens() {
    String token = DelegationTokens.sign(claims(Optional.of(NOW.plusSeconds(600))), KEY);
    assertThat(DelegationTokens.check(token, KEY, NOW.plusSeconds(601)).status())
        .isEqualTo(Status.EXPIRED);
    String forever = DelegationTokens.sign(claims(Optional.empty()), KEY);
    assertThat(DelegationTokens.check(forever, KEY, Instant.MAX).status()).isEqualTo(Status.VALID);
    assertThat(DelegationTokens.expirationTime(forever)).isEmpty();
  }

  @Test
  void wrongKeyOrAlgorithmIsABadSignature() {
    String token = DelegationTokens.sign(claims(Optional.empty()), KEY);
    assertThat(
            DelegationTokens.check(token, "other".getBytes(StandardCharsets.US_ASCII), NOW)
                .status())
        .isEqualTo(Status.BAD_SIGNATURE);
    String[] parts = token.split("\\.");
    String none =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.US_ASCII));
    assertThat(DelegationTokens.check(none + "." + parts[1] + ".", KEY, NOW).status())
        .isEqualTo(Status.BAD_SIGNATURE);
  }

  @Test
  void malformedTokens() {
    for (String bad : new String[] {"", "abc", "a.b", "a.b.c", "e30.e30.!!", "e30.W10.", null}) {
      assertThat(DelegationTokens.check(bad, KEY, NOW).status()).as(bad).isIn(Status.MALFORMED);
      assertThat(DelegationTokens.expirationTime(bad)).isEmpty();
    }
  }

  /**
   * The Pravega client reads "exp" by decoding the body with the plain base64 decoder and a regex;
   * our bodies must survive that even with resource names full of characters whose encoding would
   * contain '-' or '_'.
   */
  @Test
  void bodiesDecodeWithThePravegaClientsPlainBase64AndRegex() {
    Pattern exp = Pattern.compile("\"exp\":\\s?(\\d+)");
    for (String name : new String[] {"a>b", "??", "~~~", "x?y>z~w", "plain"}) {
      for (int pad = 0; pad < 3; pad++) {
        TokenClaims c =
            new TokenClaims(
                DelegationTokens.SUBJECT,
                DelegationTokens.AUDIENCE,
                NOW,
                Optional.of(NOW.plusSeconds(60)),
                Map.of("prn::/scope:" + "s".repeat(pad) + "/stream:" + name, "READ"));
        String body = DelegationTokens.sign(c, KEY).split("\\.")[1];
        String json = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        Matcher m = exp.matcher(json);
        assertThat(m.find()).isTrue();
        assertThat(Long.parseLong(m.group(1))).isEqualTo(NOW.getEpochSecond() + 60);
        assertThat(DelegationTokens.check(DelegationTokens.sign(c, KEY), KEY, NOW).token())
            .contains(c);
      }
    }
  }
}
