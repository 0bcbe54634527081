package io.sluice.bench.storage;

import io.sluice.storage.Durability;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH cross-check of {@link AckLatencyBench}: one thread appending a small record and waiting for
 * the durable acknowledgement, next to one bare write plus {@code force(false)} of the same size on
 * a growing file and on a file filled with zeros beforehand (as the engine's log is), as three
 * benchmarks of one run (sample-time mode gives p50/p99 of each). JMH owns the threads; the state
 * is per benchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class AckLatencyJmh {
  @Param("1024")
  int recordBytes;

  private Path dir;
  private StorageEngine engine;
  private ByteBuffer record;
  private FileChannel anchor;
  private long anchorAt;
  private FileChannel zeroed;
  private long zeroedAt;
  private static final long ZEROED_BYTES = 64L << 20;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("sluice-jmh-");
    engine =
        StorageEngine.open(
            StorageConfig.builder(dir.resolve("engine")).durability(Durability.FORCED).build());
    engine.segments().create("latency", Map.of()).join();
    record = ByteBuffer.allocate(recordBytes).asReadOnlyBuffer();
    anchor =
        FileChannel.open(
            dir.resolve("anchor.log"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    zeroed =
        FileChannel.open(
            dir.resolve("zeroed.log"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    ByteBuffer z = ByteBuffer.allocateDirect(1 << 20);
    for (long at = 0; at < ZEROED_BYTES; ) {
      z.clear();
      at += zeroed.write(z, at);
    }
    zeroed.force(true);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    engine.close();
    anchor.close();
    zeroed.close();
    BenchDirs.delete(dir);
  }

  /** Sluice: one durable append, waiting for its acknowledgement. */
  @Benchmark
  public long sluiceAppend() {
    return engine.segments().append("latency", record.duplicate()).join();
  }

  /** Anchor: one write of the same size and one force(false). */
  @Benchmark
  public long fileChannelWriteForce() throws IOException {
    ByteBuffer b = record.duplicate();
    while (b.hasRemaining()) {
      anchorAt += anchor.write(b, anchorAt);
    }
    anchor.force(false);
    return anchorAt;
  }

  /** Anchor: the same, overwriting a file that was filled with zeros beforehand. */
  @Benchmark
  public long fileChannelWriteForceZeroed() throws IOException {
    ByteBuffer b = record.duplicate();
    if (zeroedAt + b.remaining() > ZEROED_BYTES) {
      zeroedAt = 0;
    }
    while (b.hasRemaining()) {
      zeroedAt += zeroed.write(b, zeroedAt);
    }
    zeroed.force(false);
    return zeroedAt;
  }
}
