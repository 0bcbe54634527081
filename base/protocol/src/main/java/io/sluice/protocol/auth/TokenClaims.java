package io.sluice.protocol.auth;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The claims of a delegation token, the JWT a Pravega controller hands out (in {@code
 * SegmentRanges}, {@code SuccessorResponse}, {@code getDelegationToken}) and a segment store checks
 * on every wire request. Pravega's tokens have subject {@value DelegationTokens#SUBJECT}, audience
 * {@value DelegationTokens#AUDIENCE}, and one claim per resource, e.g. {@code
 * "prn::/scope:s/stream:t" -> "READ_UPDATE"} ({@code "*"} for all resources).
 *
 * <p>Immutable and thread-safe.
 *
 * @param subject the "sub" claim, empty if absent
 * @param audience the "aud" claim, empty if absent
 * @param issuedAt the "iat" claim (whole seconds), the epoch if absent
 * @param expiresAt the "exp" claim (whole seconds); empty for a token that never expires
 * @param permissions resource to permission ("READ", "READ_UPDATE", ...)
 */
public record TokenClaims(
    String subject,
    String audience,
    Instant issuedAt,
    Optional<Instant> expiresAt,
    Map<String, String> permissions) {

  /** Copies the permissions. */
  public TokenClaims {
    permissions = Map.copyOf(permissions);
  }

  /** Whether the token has expired at {@code now}. */
  public boolean isExpiredAt(Instant now) {
    return expiresAt.map(now::isAfter).orElse(false);
  }
}
