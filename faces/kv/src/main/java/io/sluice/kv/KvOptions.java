package io.sluice.kv;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the KV face can be told, with etcd's defaults. Immutable; {@link Builder#build()}
 * validates.
 *
 * @param name the member name shown by the member list
 * @param advertiseClientUrls URLs clients reach this node at; empty = derived from the bound
 *     address
 * @param maxRequestBytes etcd's --max-request-bytes (1.5 MiB)
 * @param maxTxnOps etcd's --max-txn-ops (128)
 * @param autoCompactionMode etcd's --auto-compaction-mode
 * @param autoCompactionRetention PERIODIC: the window kept; REVISION: ignored (see below)
 * @param autoCompactionRevisions REVISION: how many revisions are kept
 * @param progressNotifyInterval how often quiet progress_notify watchers get a notification
 * @param valueCacheBytes memory for values of recent revisions
 * @param leaseCheckInterval how often expired leases are looked for
 * @param quotaBackendBytes etcd's --quota-backend-bytes over the stored history: 0 = 2 GiB,
 *     negative = no quota
 * @param pollMicros how long each of the face's event loops polls for the next request before it
 *     sleeps (0 = never; see {@link #DEFAULT_POLL_MICROS})
 * @param indexMemoryBytes heap the in-memory index of the retained history may take before writes
 *     fail with NOSPACE as over the quota (0 = half the JVM's maximum heap, negative = no limit):
 *     every retained revision costs ~{@value
 *     io.sluice.kv.internal.mvcc.MvccIndex#INDEX_BYTES_PER_REVISION} bytes of heap plus its key, so
 *     without compaction a sustained write load would otherwise exhaust the heap long before etcd's
 *     2 GiB quota is reached
 */
public record KvOptions(
    String name,
    List<String> advertiseClientUrls,
    int maxRequestBytes,
    int maxTxnOps,
    AutoCompactionMode autoCompactionMode,
    Duration autoCompactionRetention,
    long autoCompactionRevisions,
    Duration progressNotifyInterval,
    long valueCacheBytes,
    Duration leaseCheckInterval,
    long quotaBackendBytes,
    int pollMicros,
    long indexMemoryBytes) {

  public static final int DEFAULT_MAX_REQUEST_BYTES = 1536 * 1024;
  public static final int DEFAULT_MAX_TXN_OPS = 128;
  public static final Duration DEFAULT_PROGRESS_NOTIFY_INTERVAL = Duration.ofMinutes(10);
  public static final long DEFAULT_VALUE_CACHE_BYTES = 64L << 20;
  public static final Duration DEFAULT_LEASE_CHECK_INTERVAL = Duration.ofMillis(500);

  /**
   * The event loops' poll before they sleep, in microseconds: a little more than the ~100-130 us
   * from a reply to one client's next request on this project's 2-vCPU machine, so at one client
   * the loop is polling, not asleep, when the request arrives. Adaptive: loops whose polls keep
   * missing stop polling.
   */
  public static final int DEFAULT_POLL_MICROS = 200;

  /** The largest poll budget accepted (10 ms). */
  public static final int MAX_POLL_MICROS = 10_000;

  public KvOptions {
    Objects.requireNonNull(name, "name");
    advertiseClientUrls = List.copyOf(advertiseClientUrls);
    Objects.requireNonNull(autoCompactionMode, "autoCompactionMode");
    Objects.requireNonNull(autoCompactionRetention, "autoCompactionRetention");
    Objects.requireNonNull(progressNotifyInterval, "progressNotifyInterval");
    Objects.requireNonNull(leaseCheckInterval, "leaseCheckInterval");
    if (maxRequestBytes <= 0 || maxTxnOps <= 0 || valueCacheBytes < 0) {
      throw new IllegalArgumentException("maxRequestBytes, maxTxnOps must be positive");
    }
    if (autoCompactionMode == AutoCompactionMode.PERIODIC
        && autoCompactionRetention.toMillis() <= 0) {
      throw new IllegalArgumentException("PERIODIC auto-compaction needs a positive retention");
    }
    if (autoCompactionMode == AutoCompactionMode.REVISION && autoCompactionRevisions <= 0) {
      throw new IllegalArgumentException(
          "REVISION auto-compaction needs a positive revision count");
    }
    if (progressNotifyInterval.toMillis() <= 0 || leaseCheckInterval.toMillis() <= 0) {
      throw new IllegalArgumentException("intervals must be positive");
    }
    if (pollMicros < 0 || pollMicros > MAX_POLL_MICROS) {
      throw new IllegalArgumentException(
          "poll must be 0.." + MAX_POLL_MICROS + " microseconds, was " + pollMicros);
    }
  }

  /**
   * The heap the in-memory index of the retained history may take: {@link #indexMemoryBytes()}, or
   * half the JVM's maximum heap when that is 0; negative = no limit.
   */
  public long indexMemoryLimit() {
    return indexMemoryBytes == 0 ? Runtime.getRuntime().maxMemory() / 2 : indexMemoryBytes;
  }

  public static KvOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private String name = "default";
    private List<String> advertiseClientUrls = List.of();
    private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
    private int maxTxnOps = DEFAULT_MAX_TXN_OPS;
    private AutoCompactionMode autoCompactionMode = AutoCompactionMode.NONE;
    private Duration autoCompactionRetention = Duration.ZERO;
    private long autoCompactionRevisions;
    private Duration progressNotifyInterval = DEFAULT_PROGRESS_NOTIFY_INTERVAL;
    private long valueCacheBytes = DEFAULT_VALUE_CACHE_BYTES;
    private Duration leaseCheckInterval = DEFAULT_LEASE_CHECK_INTERVAL;
    private long quotaBackendBytes;
    private int pollMicros = DEFAULT_POLL_MICROS;
    private long indexMemoryBytes;

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder advertiseClientUrls(List<String> v) {
      advertiseClientUrls = v;
      return this;
    }

    public Builder maxRequestBytes(int v) {
      maxRequestBytes = v;
      return this;
    }

    public Builder maxTxnOps(int v) {
      maxTxnOps = v;
      return this;
    }

    public Builder periodicCompaction(Duration retention) {
      autoCompactionMode = AutoCompactionMode.PERIODIC;
      autoCompactionRetention = retention;
      return this;
    }

    public Builder revisionCompaction(long revisions) {
      autoCompactionMode = AutoCompactionMode.REVISION;
      autoCompactionRevisions = revisions;
      return this;
    }

    /**
     * etcd's {@code --auto-compaction-mode} and {@code --auto-compaction-retention}: mode {@code
     * periodic} with a duration ({@code 1h}, {@code 30m}, {@code 1h30m}, {@code 10s}; a bare number
     * is hours), or mode {@code revision} with a revision count; a retention of {@code 0} turns
     * auto-compaction off.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public Builder autoCompaction(String mode, String retention) {
      String r = retention.trim();
      switch (mode.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "periodic" -> {
          Duration d = goDuration(r);
          if (d.isZero()) {
            autoCompactionMode = AutoCompactionMode.NONE;
          } else {
            periodicCompaction(d);
          }
        }
        case "revision" -> {
          long n;
          try {
            n = Long.parseLong(r);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "revision retention must be a number of revisions, was '" + retention + "'", e);
          }
          if (n < 0) {
            throw new IllegalArgumentException("revision retention must not be negative");
          }
          if (n == 0) {
            autoCompactionMode = AutoCompactionMode.NONE;
          } else {
            revisionCompaction(n);
          }
        }
        default ->
            throw new IllegalArgumentException(
                "auto-compaction mode must be 'periodic' or 'revision', was '" + mode + "'");
      }
      return this;
    }

    /** Go's duration syntax as etcd reads it (h, m, s, ms units; a bare number means hours). */
    static Duration goDuration(String s) {
      if (s.matches("\\d+")) {
        return Duration.ofHours(Long.parseLong(s));
      }
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|h|m|s)").matcher(s);
      Duration total = Duration.ZERO;
      int at = 0;
      while (m.find() && m.start() == at) {
        long n = Long.parseLong(m.group(1));
        total =
            total.plus(
                switch (m.group(2)) {
                  case "h" -> Duration.ofHours(n);
                  case "m" -> Duration.ofMinutes(n);
                  case "s" -> Duration.ofSeconds(n);
                  default -> Duration.ofMillis(n);
                });
        at = m.end();
      }
      if (at != s.length() || s.isEmpty()) {
        throw new IllegalArgumentException(
            "periodic retention must be a duration such as 1h, 30m or 1h30m, was '" + s + "'");
      }
      return total;
    }

    public Builder progressNotifyInterval(Duration v) {
      progressNotifyInterval = v;
      return this;
    }

    public Builder valueCacheBytes(long v) {
      valueCacheBytes = v;
      return this;
    }

    public Builder leaseCheckInterval(Duration v) {
      leaseCheckInterval = v;
      return this;
    }

    public Builder quotaBackendBytes(long v) {
      quotaBackendBytes = v;
      return this;
    }

    public Builder pollMicros(int v) {
      pollMicros = v;
      return this;
    }

    public Builder indexMemoryBytes(long v) {
      indexMemoryBytes = v;
      return this;
    }

    public KvOptions build() {
      return new KvOptions(
          name,
          advertiseClientUrls,
          maxRequestBytes,
          maxTxnOps,
          autoCompactionMode,
          autoCompactionRetention,
          autoCompactionRevisions,
          progressNotifyInterval,
          valueCacheBytes,
          leaseCheckInterval,
          quotaBackendBytes,
          pollMicros,
          indexMemoryBytes);
    }
  }
}
