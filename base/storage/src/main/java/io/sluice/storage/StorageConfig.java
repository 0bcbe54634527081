package io.sluice.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the engine can be told, as one immutable value with named defaults and one place that
 * validates ({@link Builder#build()}).
 *
 * @param dataDir the directory the engine owns; created when missing
 * @param fileLayer the file system (the real one unless a test says otherwise)
 * @param clock the clock (the system one unless a test says otherwise)
 * @param durability when writes are acknowledged
 * @param walFileSize a write-ahead-log file is rolled over past this size
 * @param cacheBytes the most memory the read cache may hold
 * @param writeQueueBytes the most bytes queued for the log writer before callers are refused with
 *     {@link StorageError#BACKPRESSURE}
 * @param maxAppendBytes the largest single append (and the largest table entry)
 * @param maxKeyBytes the largest table key
 * @param flushInterval how often the background flusher moves logged data to segment files
 * @param checkpointInterval how often a checkpoint is written, so old log files can be deleted
 * @param inlineWriteIdle when the log writer has had nothing to do for at least this long (and its
 *     last batch held one operation), a lone small operation is written and forced on the calling
 *     thread before the call returns, instead of waking the writer thread (two thread wake-ups
 *     fewer; under load the writer thread batches as always); {@link Duration#ZERO} turns this off,
 *     so every write waits for the writer thread and no call ever blocks on the disk
 */
public record StorageConfig(
    Path dataDir,
    FileLayer fileLayer,
    Clock clock,
    Durability durability,
    long walFileSize,
    long cacheBytes,
    long writeQueueBytes,
    int maxAppendBytes,
    int maxKeyBytes,
    Duration flushInterval,
    Duration checkpointInterval,
    Duration inlineWriteIdle) {

  public static final long DEFAULT_WAL_FILE_SIZE = 64L << 20;
  public static final long DEFAULT_CACHE_BYTES = 256L << 20;
  public static final long DEFAULT_WRITE_QUEUE_BYTES = 64L << 20;
  public static final int DEFAULT_MAX_APPEND_BYTES = 16 << 20;
  public static final int DEFAULT_MAX_KEY_BYTES = 8 << 10;
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

  /**
   * 100 us: longer than the writer thread's spin after a batch (~50 us) and than the gaps between
   * operations of a loaded node, shorter than the gap between a lone client's operations (a network
   * round trip, 300 us and more on loopback).
   */
  public static final Duration DEFAULT_INLINE_WRITE_IDLE = Duration.ofNanos(100_000);

  public StorageConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(fileLayer, "fileLayer");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(flushInterval, "flushInterval");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    Objects.requireNonNull(inlineWriteIdle, "inlineWriteIdle");
    requirePositive("walFileSize", walFileSize);
    requirePositive("cacheBytes", cacheBytes);
    requirePositive("writeQueueBytes", writeQueueBytes);
    requirePositive("maxAppendBytes", maxAppendBytes);
    requirePositive("maxKeyBytes", maxKeyBytes);
    if (walFileSize < 2L * maxAppendBytes) {
      throw new IllegalArgumentException(
          "walFileSize ("
              + walFileSize
              + ") must be at least twice maxAppendBytes ("
              + maxAppendBytes
              + ")");
    }
    if (writeQueueBytes < maxAppendBytes) {
      throw new IllegalArgumentException(
          "writeQueueBytes ("
              + writeQueueBytes
              + ") must be at least maxAppendBytes ("
              + maxAppendBytes
              + ")");
    }
    if (flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("flushInterval must be positive");
    }
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException("checkpointInterval must be positive");
    }
    if (inlineWriteIdle.isNegative()) {
      throw new IllegalArgumentException(
          "inlineWriteIdle must not be negative (ZERO turns it off)");
    }
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  /** A builder with every default filled in; only the data directory is required. */
  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(dataDir)
        .fileLayer(fileLayer)
        .clock(clock)
        .durability(durability)
        .walFileSize(walFileSize)
        .cacheBytes(cacheBytes)
        .writeQueueBytes(writeQueueBytes)
        .maxAppendBytes(maxAppendBytes)
        .maxKeyBytes(maxKeyBytes)
        .flushInterval(flushInterval)
        .checkpointInterval(checkpointInterval)
        .inlineWriteIdle(inlineWriteIdle);
  }

  /** Mutable builder for {@link StorageConfig}; not thread-safe. */
  public static final class Builder {
    private Path dataDir;
    private FileLayer fileLayer = FileLayer.nio();
    private Clock clock = Clock.SYSTEM;
    private Durability durability = Durability.FORCED;
    private long walFileSize = DEFAULT_WAL_FILE_SIZE;
    private long cacheBytes = DEFAULT_CACHE_BYTES;
    private long writeQueueBytes = DEFAULT_WRITE_QUEUE_BYTES;
    private int maxAppendBytes = DEFAULT_MAX_APPEND_BYTES;
    private int maxKeyBytes = DEFAULT_MAX_KEY_BYTES;
    private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
    private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
    private Duration inlineWriteIdle = DEFAULT_INLINE_WRITE_IDLE;

    private Builder(Path dataDir) {
      this.dataDir = dataDir;
    }

    public Builder dataDir(Path v) {
      dataDir = v;
      return this;
    }

    public Builder fileLayer(FileLayer v) {
      fileLayer = v;
      return this;
    }

    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    public Builder durability(Durability v) {
      durability = v;
      return this;
    }

    public Builder walFileSize(long v) {
      walFileSize = v;
      return this;
    }

    public Builder cacheBytes(long v) {
      cacheBytes = v;
      return this;
    }

    public Builder writeQueueBytes(long v) {
      writeQueueBytes = v;
      return this;
    }

    public Builder maxAppendBytes(int v) {
      maxAppendBytes = v;
      return this;
    }

    public Builder maxKeyBytes(int v) {
      maxKeyBytes = v;
      return this;
    }

    public Builder flushInterval(Duration v) {
      flushInterval = v;
      return this;
    }

    public Builder checkpointInterval(Duration v) {
      checkpointInterval = v;
      return this;
    }

    public Builder inlineWriteIdle(Duration v) {
      inlineWriteIdle = v;
      return this;
    }

    public StorageConfig build() {
      return new StorageConfig(
          dataDir,
          fileLayer,
          clock,
          durability,
          walFileSize,
          cacheBytes,
          writeQueueBytes,
          maxAppendBytes,
          maxKeyBytes,
          flushInterval,
          checkpointInterval,
          inlineWriteIdle);
    }
  }
}
