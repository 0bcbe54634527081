package io.sluice.sessions;

import io.sluice.sessions.client.KindSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the sessions face can be told, as one immutable value with named defaults and one
 * place that validates ({@link Builder#build()}; limits that depend on the storage engine are
 * checked again at start).
 *
 * @param maxRecordBytes the largest single record; larger ones get INVALID_ARGUMENT
 * @param maxSessionBytes the most bytes one session may hold (records plus 4 bytes each); beyond it
 *     appends get RESOURCE_EXHAUSTED. Must fit in one storage append with room to spare.
 * @param maxPendingBytes the most log bytes waiting to become durable; beyond it writes get
 *     UNAVAILABLE (OVERLOADED) instead of queueing without bound
 * @param tickInterval how often due sessions and lapsed leases are checked
 * @param compactInterval how often compaction looks at the log
 * @param compactMinBytes the log is never compacted below this many retained bytes
 * @param segmentBytes the log is a chain of segments; a new one is started past this size, and
 *     space is reclaimed a whole segment at a time
 * @param kinds kinds (re)defined at every start; others are defined at run time (DefineKind)
 * @param endpoints kinds (each among {@code kinds}) whose due sessions the node hands to an SP REP
 *     peer it dials itself
 * @param randomSeed seed of the jitter added to due times (fixed seeds make tests repeatable)
 * @param segmentPrefix prefix of the segment and table names the face owns in the engine
 */
public record SessionsOptions(
    int maxRecordBytes,
    int maxSessionBytes,
    long maxPendingBytes,
    Duration tickInterval,
    Duration compactInterval,
    long compactMinBytes,
    long segmentBytes,
    List<KindSpec> kinds,
    List<KindEndpoint> endpoints,
    long randomSeed,
    String segmentPrefix) {

  public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;
  public static final int DEFAULT_MAX_SESSION_BYTES = 8 << 20;
  public static final long DEFAULT_MAX_PENDING_BYTES = 32L << 20;
  public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofMillis(10);
  public static final Duration DEFAULT_COMPACT_INTERVAL = Duration.ofMillis(500);
  public static final long DEFAULT_COMPACT_MIN_BYTES = 32L << 20;
  public static final long DEFAULT_SEGMENT_BYTES = 8L << 20;
  public static final String DEFAULT_SEGMENT_PREFIX = "_sessions/";

  public SessionsOptions {
    Objects.requireNonNull(tickInterval, "tickInterval");
    Objects.requireNonNull(compactInterval, "compactInterval");
    Objects.requireNonNull(segmentPrefix, "segmentPrefix");
    kinds = List.copyOf(kinds);
    endpoints = List.copyOf(endpoints);
    for (KindEndpoint e : endpoints) {
      if (kinds.stream().noneMatch(k -> k.kind() == e.kind())) {
        throw new IllegalArgumentException(
            "the endpoint of kind " + e.kind() + " needs the kind among the configured kinds");
      }
      if (endpoints.stream().filter(o -> o.kind() == e.kind()).count() > 1) {
        throw new IllegalArgumentException("kind " + e.kind() + " has two endpoints");
      }
    }
    if (maxRecordBytes <= 0 || maxSessionBytes <= 0 || maxPendingBytes <= 0) {
      throw new IllegalArgumentException("record, session and pending limits must be positive");
    }
    if (maxRecordBytes + 4 > maxSessionBytes) {
      throw new IllegalArgumentException(
          "maxSessionBytes (" + maxSessionBytes + ") must exceed maxRecordBytes + 4");
    }
    if (maxPendingBytes < maxSessionBytes + 1024L) {
      throw new IllegalArgumentException("maxPendingBytes must exceed maxSessionBytes");
    }
    if (tickInterval.isNegative() || tickInterval.isZero()) {
      throw new IllegalArgumentException("tickInterval must be positive");
    }
    if (compactInterval.isNegative() || compactInterval.isZero()) {
      throw new IllegalArgumentException("compactInterval must be positive");
    }
    if (compactMinBytes < 0 || segmentBytes <= 0) {
      throw new IllegalArgumentException("compactMinBytes >= 0 and segmentBytes > 0 required");
    }
  }

  /** The defaults. */
  public static SessionsOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .maxRecordBytes(maxRecordBytes)
        .maxSessionBytes(maxSessionBytes)
        .maxPendingBytes(maxPendingBytes)
        .tickInterval(tickInterval)
        .compactInterval(compactInterval)
        .compactMinBytes(compactMinBytes)
        .segmentBytes(segmentBytes)
        .kinds(kinds)
        .endpoints(endpoints)
        .randomSeed(randomSeed)
        .segmentPrefix(segmentPrefix);
  }

  /** Mutable builder for {@link SessionsOptions}; not thread-safe. */
  public static final class Builder {
    private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
    private int maxSessionBytes = DEFAULT_MAX_SESSION_BYTES;
    private long maxPendingBytes = DEFAULT_MAX_PENDING_BYTES;
    private Duration tickInterval = DEFAULT_TICK_INTERVAL;
    private Duration compactInterval = DEFAULT_COMPACT_INTERVAL;
    private long compactMinBytes = DEFAULT_COMPACT_MIN_BYTES;
    private long segmentBytes = DEFAULT_SEGMENT_BYTES;
    private List<KindSpec> kinds = List.of();
    private List<KindEndpoint> endpoints = List.of();
    private long randomSeed = 0x5E55_1045L;
    private String segmentPrefix = DEFAULT_SEGMENT_PREFIX;

    private Builder() {}

    public Builder maxRecordBytes(int v) {
      maxRecordBytes = v;
      return this;
    }

    public Builder maxSessionBytes(int v) {
      maxSessionBytes = v;
      return this;
    }

    public Builder maxPendingBytes(long v) {
      maxPendingBytes = v;
      return this;
    }

    public Builder tickInterval(Duration v) {
      tickInterval = v;
      return this;
    }

    public Builder compactInterval(Duration v) {
      compactInterval = v;
      return this;
    }

    public Builder compactMinBytes(long v) {
      compactMinBytes = v;
      return this;
    }

    public Builder segmentBytes(long v) {
      segmentBytes = v;
      return this;
    }

    public Builder kinds(List<KindSpec> v) {
      kinds = v;
      return this;
    }

    public Builder endpoints(List<KindEndpoint> v) {
      endpoints = v;
      return this;
    }

    /** The kinds and endpoints of a node's configuration ({@link KindsConfig#parse}). */
    public Builder kindsConfig(KindsConfig v) {
      kinds = v.kinds();
      endpoints = v.endpoints();
      return this;
    }

    public Builder randomSeed(long v) {
      randomSeed = v;
      return this;
    }

    public Builder segmentPrefix(String v) {
      segmentPrefix = v;
      return this;
    }

    public SessionsOptions build() {
      return new SessionsOptions(
          maxRecordBytes,
          maxSessionBytes,
          maxPendingBytes,
          tickInterval,
          compactInterval,
          compactMinBytes,
          segmentBytes,
          kinds,
          endpoints,
          randomSeed,
          segmentPrefix);
    }
  }
}
