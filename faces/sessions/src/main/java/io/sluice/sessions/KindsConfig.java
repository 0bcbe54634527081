package io.sluice.sessions;

import io.sluice.sessions.client.KindSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kinds defined by the node's configuration (the {@code sessions-kinds} key and flag), parsed from
 * one line of text: kinds separated by {@code ;}, each {@code KIND[:key=value[,key=value...]]}.
 *
 * <pre>
 *   1:timeout=30s,max-attempts=5,dead-letter=0,jitter=1s
 *   2:timeout=10s,endpoint=tcp://127.0.0.1:5555,request-timeout=5s,in-flight=4
 * </pre>
 *
 * Keys: {@code timeout} (the kind's default timeout, 30s if absent), {@code max-attempts} (0 =
 * unlimited), {@code dead-letter} (kind number, 0 if absent; must be defined earlier in the line or
 * already on the node), {@code jitter} (0 if absent), {@code endpoint} (an SP REQ endpoint the node
 * dials to hand out the kind's due sessions, see {@link KindEndpoint}), {@code request-timeout} and
 * {@code in-flight} (only with an endpoint). Durations are a number with a unit: {@code ms}, {@code
 * s}, {@code m}, {@code h} or {@code d}. Kinds named here are (re)defined at every start.
 * Immutable.
 *
 * @param kinds the kinds, in the order given
 * @param endpoints the endpoints of those kinds that have one
 */
public record KindsConfig(List<KindSpec> kinds, List<KindEndpoint> endpoints) {
  /** The default timeout of a configured kind that names none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

  public KindsConfig {
    kinds = List.copyOf(kinds);
    endpoints = List.copyOf(endpoints);
  }

  /** No configured kinds. */
  public static KindsConfig none() {
    return new KindsConfig(List.of(), List.of());
  }

  /**
   * Parses the text form; blank text means no kinds.
   *
   * @throws IllegalArgumentException naming the kind and key at fault
   */
  public static KindsConfig parse(String text) {
    List<KindSpec> kinds = new ArrayList<>();
    List<KindEndpoint> endpoints = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return none();
    }
    for (String entry : text.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      int colon = entry.indexOf(':');
      String number = (colon < 0 ? entry : entry.substring(0, colon)).trim();
      int kind;
      try {
        kind = Integer.parseUnsignedInt(number);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + number + "' is not a kind number (0..4294967295)");
      }
      for (KindSpec k : kinds) {
        if (k.kind() == kind) {
          throw new IllegalArgumentException("kind " + number + " is configured twice");
        }
      }
      Map<String, String> keys = new LinkedHashMap<>();
      if (colon >= 0) {
        for (String kv : entry.substring(colon + 1).split(",")) {
          if (kv.isBlank()) {
            continue;
          }
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException(
                "kind " + number + ": expected key=value, got '" + kv.trim() + "'");
          }
          keys.put(
              kv.substring(0, eq).trim().toLowerCase(Locale.ROOT), kv.substring(eq + 1).trim());
        }
      }
      try {
        kinds.add(kindSpec(kind, keys));
        if (keys.containsKey("endpoint")) {
          endpoints.add(
              new KindEndpoint(
                  kind,
                  keys.get("endpoint"),
                  keys.containsKey("request-timeout")
                      ? duration(keys.get("request-timeout"))
                      : KindEndpoint.DEFAULT_REQUEST_TIMEOUT,
                  keys.containsKey("in-flight")
                      ? Integer.parseInt(keys.get("in-flight"))
                      : KindEndpoint.DEFAULT_MAX_IN_FLIGHT));
        } else if (keys.containsKey("request-timeout") || keys.containsKey("in-flight")) {
          throw new IllegalArgumentException("request-timeout and in-flight need an endpoint");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("kind " + number + ": " + e.getMessage(), e);
      }
    }
    return new KindsConfig(kinds, endpoints);
  }

  private static KindSpec kindSpec(int kind, Map<String, String> keys) {
    for (String key : keys.keySet()) {
      switch (key) {
        case "timeout",
            "max-attempts",
            "dead-letter",
            "jitter",
            "endpoint",
            "request-timeout",
            "in-flight" -> {}
        default ->
            throw new IllegalArgumentException(
                "unknown key '"
                    + key
                    + "' (known: timeout, max-attempts, dead-letter, jitter, endpoint,"
                    + " request-timeout, in-flight)");
      }
    }
    Duration timeout =
        keys.containsKey("timeout") ? duration(keys.get("timeout")) : DEFAULT_TIMEOUT;
    int attempts =
        keys.containsKey("max-attempts") ? Integer.parseInt(keys.get("max-attempts")) : 0;
    int deadLetter =
        keys.containsKey("dead-letter") ? Integer.parseUnsignedInt(keys.get("dead-letter")) : 0;
    Duration jitter = keys.containsKey("jitter") ? duration(keys.get("jitter")) : Duration.ZERO;
    return new KindSpec(kind, timeout, attempts, deadLetter, jitter);
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (a number with ms, s, m, h or d)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
