package io.sluice.streams.internal.grpc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compact JSON web tokens signed with HMAC-SHA512 (HS512), as Pravega's controller and segment
 * store exchange them: {@code base64url(header).base64url(claims).base64url(signature)}. Claims
 * here are flat strings and numbers, which is all delegation tokens need. Thread-safe (immutable).
 */
public final class Jwt {
  private static final String HEADER =
      b64("{\"alg\":\"HS512\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
  private static final Pattern CLAIM =
      Pattern.compile("\"([^\"\\\\]*)\"\\s*:\\s*(\"([^\"\\\\]*)\"|-?\\d+)");

  private final byte[] key;

  public Jwt(String secret) {
    this.key = secret.getBytes(StandardCharsets.UTF_8);
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private byte[] sign(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA512");
      mac.init(new SecretKeySpec(key, "HmacSHA512"));
      return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA512 unavailable", e);
    }
  }

  /** A signed token with these claims (string or number values). */
  public String encode(Map<String, Object> claims) {
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, Object> e : claims.entrySet()) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append('"').append(e.getKey()).append("\":");
      if (e.getValue() instanceof Number n) {
        json.append(n.longValue());
      } else {
        json.append('"').append(e.getValue()).append('"');
      }
    }
    json.append('}');
    String body = HEADER + "." + b64(json.toString().getBytes(StandardCharsets.UTF_8));
    return body + "." + b64(sign(body));
  }

  /** The claims of a token whose signature holds, or null for any malformed or forged token. */
  public Map<String, String> decode(String token) {
    if (token == null) {
      return null;
    }
    String[] parts = token.split("\\.");
    if (parts.length != 3 || token.length() > 64 * 1024) {
      return null;
    }
    try {
      byte[] expected = sign(parts[0] + "." + parts[1]);
      if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
        return null;
      }
      String json = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
      Map<String, String> claims = new LinkedHashMap<>();
      Matcher m = CLAIM.matcher(json);
      while (m.find()) {
        claims.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(2));
      }
      return claims;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
