package io.sluice.streams.internal.grpc;

import io.sluice.protocol.auth.DelegationTokens;
import io.sluice.protocol.auth.TokenClaims;
import io.sluice.storage.Clock;
import io.sluice.streams.internal.meta.Names;
import io.sluice.streams.internal.wire.SegmentAuth;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The face's delegation tokens, in Pravega's format ({@link DelegationTokens}: HS512 JWTs with the
 * key shared by controller and segment store): one claim per granted resource, {@code
 * prn::/scope:S/stream:T} (or {@code prn::/scope:S} for a whole scope) mapped to {@code READ} or
 * {@code READ_UPDATE}, valid for a fixed time. The controller issues them; the segment store checks
 * each request's token against the segment it names (a stream's grant covers its {@code _MARK}
 * stream, a key-value table's its table segments). Thread-safe.
 */
final class SegmentTokens implements TokenIssuer, SegmentAuth {
  private static final String READ = "READ";
  private static final String READ_UPDATE = "READ_UPDATE";

  private final byte[] key;
  private final Clock clock;
  private final Duration ttl;

  SegmentTokens(String secret, Clock clock, Duration ttl) {
    this.key = secret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
    this.ttl = ttl;
  }

  /** The resource name Pravega uses for a stream, or for the whole scope when stream is null. */
  static String resource(String scope, String stream) {
    return stream == null || stream.isEmpty()
        ? "prn::/scope:" + scope
        : "prn::/scope:" + scope + "/stream:" + stream;
  }

  @Override
  public String issue(String scope, String stream, boolean write) {
    Instant now = Instant.ofEpochMilli(clock.currentTimeMillis());
    TokenClaims claims =
        new TokenClaims(
            DelegationTokens.SUBJECT,
            DelegationTokens.AUDIENCE,
            now,
            Optional.of(now.plus(ttl)),
            Map.of(resource(scope, stream), write ? READ_UPDATE : READ));
    return DelegationTokens.sign(claims, key);
  }

  @Override
  public Verdict check(String token, String segment, Access access) {
    DelegationTokens.Check c =
        DelegationTokens.check(token, key, Instant.ofEpochMilli(clock.currentTimeMillis()));
    switch (c.status()) {
      case VALID -> {}
      case EXPIRED -> {
        return Verdict.EXPIRED;
      }
      default -> {
        return Verdict.DENIED;
      }
    }
    String scope = Names.scopeOf(segment);
    String stream = Names.streamOf(segment);
    if (scope == null) {
      return Verdict.DENIED;
    }
    Map<String, String> granted = c.token().orElseThrow().permissions();
    String permission = granted.get(resource(scope, null));
    if (permission == null && stream != null) {
      permission = granted.get(resource(scope, stream));
      if (permission == null && stream.startsWith(Names.MARK_PREFIX)) {
        permission = granted.get(resource(scope, stream.substring(Names.MARK_PREFIX.length())));
      }
      if (permission == null && stream.endsWith(Names.KVT_SUFFIX)) {
        permission =
            granted.get(
                resource(scope, stream.substring(0, stream.length() - Names.KVT_SUFFIX.length())));
      }
    }
    if (permission == null) {
      return Verdict.DENIED;
    }
    if (access == Access.WRITE && !READ_UPDATE.equals(permission)) {
      return Verdict.DENIED;
    }
    return Verdict.ALLOWED;
  }

  /** Whether a bearer token is one of ours: signed with this key and not expired. */
  boolean isValidBearer(String token) {
    return DelegationTokens.check(token, key, Instant.ofEpochMilli(clock.currentTimeMillis()))
            .status()
        == DelegationTokens.Status.VALID;
  }
}
