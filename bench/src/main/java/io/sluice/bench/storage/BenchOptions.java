package io.sluice.bench.storage;

import java.nio.file.Path;

/**
 * What a {@link StorageBench} run measures and how long. Immutable.
 *
 * @param baseDir scratch directory (each round gets a fresh subdirectory, deleted afterwards)
 * @param rounds rounds per scenario; each round measures Sluice and then its anchor
 * @param seconds measured seconds per throughput or latency round (after a warm-up)
 * @param writers concurrent writers for the durable-append scenario
 * @param recordBytes record size for the append and latency scenarios
 * @param replayBytes bytes left in the write-ahead log for the recovery scenario
 * @param readBytes bytes written and read back for the cold-read scenario
 * @param cold drop the page cache before each timed read of the recovery and read scenarios
 */
record BenchOptions(
    Path baseDir,
    int rounds,
    double seconds,
    int writers,
    int recordBytes,
    long replayBytes,
    long readBytes,
    boolean cold) {

  static BenchOptions parse(String[] args) {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "sluice-bench");
    int rounds = 3;
    double seconds = 5;
    int writers = 64;
    int record = 1024;
    long replay = 512L << 20;
    long read = 512L << 20;
    boolean cold = true;
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        continue;
      }
      String k = a.substring(2, a.indexOf('='));
      String v = a.substring(a.indexOf('=') + 1);
      switch (k) {
        case "dir" -> dir = Path.of(v);
        case "rounds" -> rounds = Integer.parseInt(v);
        case "seconds" -> seconds = Double.parseDouble(v);
        case "writers" -> writers = Integer.parseInt(v);
        case "record-bytes" -> record = Integer.parseInt(v);
        case "replay-mib" -> replay = Long.parseLong(v) << 20;
        case "read-mib" -> read = Long.parseLong(v) << 20;
        case "cold" -> cold = Boolean.parseBoolean(v);
        case "scenarios" -> {
          // handled by StorageBench
        }
        default -> throw new IllegalArgumentException("unknown option --" + k + "\n" + USAGE);
      }
    }
    return new BenchOptions(dir, rounds, seconds, writers, record, replay, read, cold);
  }

  static final String USAGE =
      """
      usage: java -cp bench/target/benchmarks.jar io.sluice.bench.storage.StorageBench [options]
        --scenarios=append,latency,recovery,read   which to run (default: all four)
        --rounds=3          rounds per scenario (each: Sluice, then its anchor)
        --seconds=5         measured seconds per throughput/latency round
        --writers=64        concurrent writers (append scenario)
        --record-bytes=1024 record size (append and latency scenarios)
        --replay-mib=512    write-ahead-log size to recover (recovery scenario)
        --read-mib=512      data to read back after a restart (read scenario)
        --cold=true         drop the page cache (sync; echo 1 > /proc/sys/vm/drop_caches, needs
                            root) before each timed read of the recovery and read scenarios, engine
                            and anchor alike; false (or not permitted) reads warm, and says so
        --dir=PATH          scratch directory (default: $TMPDIR/sluice-bench)
      """;
}
