package io.sluice.protocol.auth;

import io.sluice.protocol.auth.internal.FlatJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks delegation tokens in Pravega's format: compact JWTs ({@code
 * base64url(header).base64url(body).base64url(signature)}, no padding), header {@code
 * {"alg":"HS512"}}, HMAC-SHA512 signature with the key shared by controller and segment store.
 * Which permission a request needs is the server's business; this class only handles the format.
 * When auth is off the token is the empty string and nothing here is used.
 *
 * <p>Checks return a {@link Check} status instead of throwing. Never reads the clock: callers pass
 * the time. Stateless and thread-safe.
 */
public final class DelegationTokens {
  /** The subject of Pravega's segment-store tokens. */
  public static final String SUBJECT = "segmentstoreresource";

  /** The audience of Pravega's segment-store tokens. */
  public static final String AUDIENCE = "segmentstore";

  private static final String ALGORITHM = "HS512";
  private static final String MAC = "HmacSHA512";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private DelegationTokens() {}

  /** The outcome of {@link #check}. */
  public enum Status {
    /** Well-formed, correctly signed, not expired. */
    VALID,
    /** Well-formed and correctly signed, but expired. */
    EXPIRED,
    /** Well-formed, but not signed with this key and HS512. */
    BAD_SIGNATURE,
    /** Not a JWT of this format (empty, wrong parts, bad base64 or JSON, mistyped claims). */
    MALFORMED
  }

  /**
   * The result of {@link #check}.
   *
   * @param status the outcome
   * @param token the claims, for {@link Status#VALID} and {@link Status#EXPIRED}; empty otherwise
   */
  public record Check(Status status, Optional<TokenClaims> token) {}

  /** Signs {@code token} with {@code key} and returns the compact JWT. */
  public static String sign(TokenClaims token, byte[] key) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sub", token.subject());
    body.put("aud", token.audience());
    body.put("iat", token.issuedAt().getEpochSecond());
    body.putAll(token.permissions());
    token.expiresAt().ifPresent(exp -> body.put("exp", exp.getEpochSecond()));
    String signed =
        encode(FlatJson.write(Map.of("alg", ALGORITHM))) + "." + encode(FlatJson.write(body));
    return signed + "." + ENCODER.encodeToString(hmac(key, signed));
  }

  /** Checks the format, signature and expiry of a compact JWT at time {@code now}. */
  public static Check check(String compact, byte[] key, Instant now) {
    String[] parts = compact == null ? new String[0] : compact.split("\\.", -1);
    if (parts.length != 3) {
      return malformed();
    }
    Map<String, Object> header;
    Map<String, Object> body;
    byte[] signature;
    try {
      header = FlatJson.parse(decode(parts[0]));
      body = FlatJson.parse(decode(parts[1]));
      signature = DECODER.decode(parts[2]);
    } catch (IllegalArgumentException | FlatJson.MalformedJsonException e) {
      return malformed();
    }
    byte[] expected = hmac(key, parts[0] + "." + parts[1]);
    if (!ALGORITHM.equals(header.get("alg")) || !MessageDigest.isEqual(expected, signature)) {
      return new Check(Status.BAD_SIGNATURE, Optional.empty());
    }
    Optional<TokenClaims> token = claims(body);
    if (token.isEmpty()) {
      return malformed();
    }
    Status status = token.get().isExpiredAt(now) ? Status.EXPIRED : Status.VALID;
    return new Check(status, token);
  }

  /**
   * The "exp" claim of a token without checking its signature, as a client does to know when to
   * refresh it; empty if there is none or the token is not a JWT.
   */
  public static OptionalLong expirationTime(String compact) {
    String[] parts = compact == null ? new String[0] : compact.split("\\.", -1);
    if (parts.length != 3) {
      return OptionalLong.empty();
    }
    try {
      Object exp = FlatJson.parse(decode(parts[1])).get("exp");
      return exp instanceof Long l ? OptionalLong.of(l) : OptionalLong.empty();
    } catch (IllegalArgumentException | FlatJson.MalformedJsonException e) {
      return OptionalLong.empty();
    }
  }

  private static Optional<TokenClaims> claims(Map<String, Object> body) {
    Map<String, Object> rest = new HashMap<>(body);
    Object sub = rest.remove("sub");
    Object aud = rest.remove("aud");
    Object iat = rest.remove("iat");
    Object exp = rest.remove("exp");
    if ((sub != null && !(sub instanceof String)) || (aud != null && !(aud instanceof String))) {
      return Optional.empty();
    }
    if ((iat != null && !(iat instanceof Long)) || (exp != null && !(exp instanceof Long))) {
      return Optional.empty();
    }
    Map<String, String> permissions = new HashMap<>();
    for (Map.Entry<String, Object> e : rest.entrySet()) {
      if (e.getValue() instanceof String s) {
        permissions.put(e.getKey(), s);
      }
    }
    return Optional.of(
        new TokenClaims(
            sub == null ? "" : (String) sub,
            aud == null ? "" : (String) aud,
            Instant.ofEpochSecond(iat == null ? 0 : (Long) iat),
            Optional.ofNullable((Long) exp).map(Instant::ofEpochSecond),
            permissions));
  }

  private static Check malformed() {
    return new Check(Status.MALFORMED, Optional.empty());
  }

  private static String encode(String json) {
    return ENCODER.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String part) {
    return new String(DECODER.decode(part), StandardCharsets.UTF_8);
  }

  private static byte[] hmac(byte[] key, String signedPart) {
    try {
      Mac mac = Mac.getInstance(MAC);
      mac.init(new SecretKeySpec(key, MAC));
      return mac.doFinal(signedPart.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + MAC, e);
    }
  }
}
