package io.sluice.sp.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Accumulates and parses the head of an HTTP/1.1 upgrade request or response (up to {@link #LIMIT}
 * bytes, ending with an empty line), for the WebSocket handshakes. I/O thread only.
 */
final class HttpHead {
  static final int LIMIT = 8192;
  static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final byte[] bytes = new byte[LIMIT];
  private int length;
  private String startLine;
  private final Map<String, String> headers = new LinkedHashMap<>();

  /** Consumes bytes until the head is complete; true when it is. */
  boolean consume(ByteBuffer in) throws ProtocolException {
    while (in.hasRemaining()) {
      if (length == LIMIT) {
        throw new ProtocolException("HTTP head longer than " + LIMIT + " bytes");
      }
      bytes[length++] = in.get();
      if (length >= 4
          && bytes[length - 4] == '\r'
          && bytes[length - 3] == '\n'
          && bytes[length - 2] == '\r'
          && bytes[length - 1] == '\n') {
        parse();
        return true;
      }
    }
    return false;
  }

  private void parse() throws ProtocolException {
    String text = new String(bytes, 0, length - 4, StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\r\n");
    startLine = lines[0];
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException("malformed HTTP header line");
      }
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
  }

  String startLine() {
    return startLine;
  }

  /** A header value by case-insensitive name, or "". */
  String header(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
  }

  /** Sec-WebSocket-Accept for a key. */
  static String acceptFor(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] d = sha1.digest((key + WS_GUID).getBytes(StandardCharsets.ISO_8859_1));
      return Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every JDK", e);
    }
  }

  /** Whether a comma-separated header value contains {@code token} (case-insensitive). */
  static boolean hasToken(String value, String token) {
    for (String t : value.split(",")) {
      if (t.trim().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }
}
