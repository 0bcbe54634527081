package io.sluice.protocol.auth.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of JWT headers and bodies: one flat object whose values are strings, integers, booleans
 * or null. Writing escapes {@code > ? ~} and DEL as {@code \}{@code u00XX}, so that the base64url
 * form of the text never contains {@code -} or {@code _}: the Pravega client decodes token bodies
 * with the plain (not URL-safe) base64 decoder, which would reject them.
 *
 * <p>Stateless and thread-safe.
 */
public final class FlatJson {
  private FlatJson() {}

  /** Thrown for text that is not a flat JSON object. */
  public static final class MalformedJsonException extends RuntimeException {
    MalformedJsonException(String message) {
      super(message, null, false, false);
    }
  }

  /** Writes the map as an object; values must be String, Long, Integer, Boolean or null. */
  public static String write(Map<String, ?> map) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, ?> e : map.entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      string(sb, e.getKey());
      sb.append(':');
      Object v = e.getValue();
      if (v instanceof String s) {
        string(sb, s);
      } else if (v == null || v instanceof Long || v instanceof Integer || v instanceof Boolean) {
        sb.append(v);
      } else {
        throw new IllegalArgumentException("unsupported JSON value " + v.getClass());
      }
    }
    return sb.append('}').toString();
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20 || c == '>' || c == '?' || c == '~' || c == 0x7F) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /**
   * Parses a flat object; strings map to String, integers to Long, booleans to Boolean.
   *
   * @throws MalformedJsonException for anything else
   */
  public static Map<String, Object> parse(String text) {
    Parser p = new Parser(text);
    Map<String, Object> map = p.object();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("text after the object");
    }
    return map;
  }

  private static final class Parser {
    final String s;
    int pos;

    Parser(String s) {
      this.s = s;
    }

    Map<String, Object> object() {
      Map<String, Object> map = new LinkedHashMap<>();
      expect('{');
      skipSpace();
      if (peek() == '}') {
        pos++;
        return map;
      }
      while (true) {
        skipSpace();
        String key = string();
        skipSpace();
        expect(':');
        skipSpace();
        map.put(key, value());
        skipSpace();
        char c = next();
        if (c == '}') {
          return map;
        }
        if (c != ',') {
          throw error("expected , or }");
        }
      }
    }

    Object value() {
      char c = peek();
      if (c == '"') {
        return string();
      }
      if (c == '-' || (c >= '0' && c <= '9')) {
        int start = pos++;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
          pos++;
        }
        try {
          return Long.parseLong(s.substring(start, pos));
        } catch (NumberFormatException e) {
          throw error("bad integer");
        }
      }
      for (String word : new String[] {"true", "false", "null"}) {
        if (s.startsWith(word, pos)) {
          pos += word.length();
          return word.equals("null") ? null : Boolean.valueOf(word);
        }
      }
      throw error("unsupported value");
    }

    String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return sb.toString();
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw error("short \\u escape");
            }
            try {
              sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            } catch (NumberFormatException ex) {
              throw error("bad \\u escape");
            }
            pos += 4;
          }
          default -> throw error("bad escape");
        }
      }
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    char peek() {
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      return s.charAt(pos);
    }

    char next() {
      char c = peek();
      pos++;
      return c;
    }

    void expect(char c) {
      if (next() != c) {
        throw error("expected " + c);
      }
    }

    MalformedJsonException error(String what) {
      return new MalformedJsonException(what + " at offset " + pos);
    }
  }
}
