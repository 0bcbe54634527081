package io.sluice.server;

import java.util.Locale;

/** Parses sizes such as {@code 64MiB}, {@code 1g}, {@code 512k} or {@code 1048576}. Stateless. */
public final class ByteSize {
  private ByteSize() {}

  /** Binary units (k = KiB, m = MiB, g = GiB), with or without "iB"/"B". */
  public static long parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
    long unit = 1;
    if (!s.isEmpty()) {
      switch (s.charAt(s.length() - 1)) {
        case 'k' -> unit = 1L << 10;
        case 'm' -> unit = 1L << 20;
        case 'g' -> unit = 1L << 30;
        case 't' -> unit = 1L << 40;
        default -> unit = 1;
      }
    }
    if (unit != 1) {
      s = s.substring(0, s.length() - 1).trim();
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("not a size: '" + text + "'");
    }
    long n;
    try {
      n = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size: '" + text + "' (e.g. 64MiB, 1g, 4096)", e);
    }
    if (n < 0) {
      throw new IllegalArgumentException("size must not be negative: '" + text + "'");
    }
    return Math.multiplyExact(n, unit);
  }
}
