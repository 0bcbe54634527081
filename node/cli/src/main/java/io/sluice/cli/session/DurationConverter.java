package io.sluice.cli.session;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations written like {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}, a
 * bare number of seconds, or ISO-8601 ({@code PT5S}). Stateless.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (v.startsWith("pt") || v.startsWith("p")) {
        return Duration.parse(value.trim());
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      char unit = v.charAt(v.length() - 1);
      if (Character.isDigit(unit)) {
        return Duration.ofSeconds(Long.parseLong(v));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      Duration d =
          switch (unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> null;
          };
      if (d != null && !d.isNegative()) {
        return d;
      }
    } catch (RuntimeException e) {
      // fall through to the error below
    }
    throw new TypeConversionException(
        "'" + value + "' is not a duration (examples: 500ms, 5s, 2m, 1h, PT5S)");
  }
}
