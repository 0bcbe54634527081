package io.sluice.cli.session;

import java.util.Base64;
import java.util.List;

/** Writes the JSON lines the session commands print. Stateless. */
final class Json {
  private Json() {}

  /** {@code {"id":..,"kind":..,"attempt":..,"records":[base64,..]}} plus extra fields. */
  static String session(long id, int kind, int attempt, List<byte[]> records, String... extra) {
    StringBuilder b = new StringBuilder(64);
    b.append("{\"id\":")
        .append(id)
        .append(",\"kind\":")
        .append(Integer.toUnsignedString(kind))
        .append(",\"attempt\":")
        .append(attempt)
        .append(",\"records\":[");
    for (int i = 0; i < records.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append('"').append(Base64.getEncoder().encodeToString(records.get(i))).append('"');
    }
    b.append(']');
    for (int i = 0; i + 1 < extra.length; i += 2) {
      b.append(",\"").append(extra[i]).append("\":").append(extra[i + 1]);
    }
    return b.append('}').toString();
  }

  static String string(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
