package io.sluice.streams.internal.grpc;

import io.sluice.storage.Clock;
import io.sluice.streams.internal.meta.Names;
import io.sluice.streams.internal.wire.SegmentAuth;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Delegation tokens: JWTs (HS512, key shared by controller and segment store) naming the scope and
 * stream they grant and whether writes are allowed, valid for a fixed time. The controller issues
 * them; the segment store checks each request's token against the segment it names. Thread-safe.
 */
final class DelegationTokens implements TokenIssuer, SegmentAuth {
  private final Jwt jwt;
  private final Clock clock;
  private final Duration ttl;

  DelegationTokens(Jwt jwt, Clock clock, Duration ttl) {
    this.jwt = jwt;
    this.clock = clock;
    this.ttl = ttl;
  }

  @Override
  public String issue(String scope, String stream, boolean write) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", "segmentstoreresource");
    claims.put("aud", "segmentstore");
    claims.put("scope", scope);
    claims.put("stream", stream == null ? "" : stream);
    claims.put("access", write ? "READ_UPDATE" : "READ");
    claims.put("exp", (clock.currentTimeMillis() + ttl.toMillis()) / 1000);
    return jwt.encode(claims);
  }

  @Override
  public Verdict check(String token, String segment, Access access) {
    Map<String, String> c = jwt.decode(token);
    if (c == null) {
      return Verdict.DENIED;
    }
    long exp;
    try {
      exp = Long.parseLong(c.getOrDefault("exp", "0"));
    } catch (NumberFormatException e) {
      return Verdict.DENIED;
    }
    if (exp * 1000 < clock.currentTimeMillis()) {
      return Verdict.EXPIRED;
    }
    if (access == Access.WRITE && !"READ_UPDATE".equals(c.get("access"))) {
      return Verdict.DENIED;
    }
    String scope = Names.scopeOf(segment);
    String stream = Names.streamOf(segment);
    if (scope == null || !scope.equals(c.get("scope"))) {
      return Verdict.DENIED;
    }
    String granted = c.getOrDefault("stream", "");
    if (granted.isEmpty()
        || granted.equals(stream)
        || (granted + Names.KVT_SUFFIX).equals(stream)
        || (Names.MARK_PREFIX + granted).equals(stream)) {
      return Verdict.ALLOWED;
    }
    return Verdict.DENIED;
  }
}
