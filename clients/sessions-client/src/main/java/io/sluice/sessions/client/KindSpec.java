package io.sluice.sessions.client;

import io.sluice.sessions.v1.KindPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * A kind of session and its redelivery policy. Immutable.
 *
 * @param kind the kind number (0 is the default dead-letter kind)
 * @param defaultTimeout used by {@code store()} without a timeout, and for sessions the node finds
 *     unfinished after a crash
 * @param maxAttempts deliveries before a due session moves to {@code deadLetterKind}; 0 means
 *     unlimited
 * @param deadLetterKind where sessions go after {@code maxAttempts} deliveries
 * @param maxJitter a uniformly random delay in [0, maxJitter] added to every due time
 */
public record KindSpec(
    int kind, Duration defaultTimeout, int maxAttempts, int deadLetterKind, Duration maxJitter) {
  public KindSpec {
    Objects.requireNonNull(defaultTimeout, "defaultTimeout");
    Objects.requireNonNull(maxJitter, "maxJitter");
    if (defaultTimeout.isNegative() || maxJitter.isNegative() || maxAttempts < 0) {
      throw new IllegalArgumentException("negative timeout, jitter or attempts in " + kind);
    }
  }

  /** A kind with the given timeout, unlimited attempts, dead letters to kind 0 and no jitter. */
  public static KindSpec of(int kind, Duration defaultTimeout) {
    return new KindSpec(kind, defaultTimeout, 0, 0, Duration.ZERO);
  }

  public KindSpec withMaxAttempts(int attempts, int deadLetter) {
    return new KindSpec(kind, defaultTimeout, attempts, deadLetter, maxJitter);
  }

  public KindSpec withMaxJitter(Duration jitter) {
    return new KindSpec(kind, defaultTimeout, maxAttempts, deadLetterKind, jitter);
  }

  /** The wire form. */
  public KindPolicy toProto() {
    return KindPolicy.newBuilder()
        .setKind(kind)
        .setDefaultTimeoutMillis(defaultTimeout.toMillis())
        .setMaxAttempts(maxAttempts)
        .setDeadLetterKind(deadLetterKind)
        .setMaxJitterMillis(maxJitter.toMillis())
        .build();
  }

  /** From the wire form. */
  public static KindSpec fromProto(KindPolicy p) {
    return new KindSpec(
        p.getKind(),
        Duration.ofMillis(p.getDefaultTimeoutMillis()),
        p.getMaxAttempts(),
        p.getDeadLetterKind(),
        Duration.ofMillis(p.getMaxJitterMillis()));
  }
}
