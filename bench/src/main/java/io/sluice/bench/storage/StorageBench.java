package io.sluice.bench.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The storage load tool: runs the chosen scenarios, each round measuring Sluice and then its anchor
 * in this one process, prints progress to stderr and a Markdown summary (mean ± standard deviation
 * over rounds, with min..max) to stdout. JMH fits none of these well: the append anchor's batch
 * size comes from the engine's own measurement, and recovery needs a killed child process.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar io.sluice.bench.storage.StorageBench --help}. Not
 * thread-safe (a main).
 */
public final class StorageBench {
  private StorageBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("fill-wal")) {
      WalFill.main(Path.of(args[1]), Long.parseLong(args[2]));
      return;
    }
    if (List.of(args).contains("--help")) {
      System.out.print(BenchOptions.USAGE);
      return;
    }
    BenchOptions o = BenchOptions.parse(args);
    Set<String> scenarios = Set.of("append", "latency", "recovery", "read");
    for (String a : args) {
      if (a.startsWith("--scenarios=")) {
        scenarios = Set.of(a.substring("--scenarios=".length()).split(","));
      }
    }
    StringBuilder report = new StringBuilder();
    report.append(machine(o)).append('\n');
    report.append("| scenario | Sluice | anchor | ratio (goal) |\n|---|---|---|---|\n");
    if (scenarios.contains("append")) {
      List<DurableAppendBench.Round> r = new DurableAppendBench(o).run();
      report.append(
          String.format(
              "| durable appends, %d writers x %d B, FORCED | %s MB/s, %s rec/s, %s B/force,"
                  + " %s forces/s | write+force(false) of the same B/force: %s MB/s |"
                  + " %s (>= 0.8) |%n",
              o.writers(),
              o.recordBytes(),
              s(r, x -> x.appendedBytesPerSecond() / 1e6, "%.1f"),
              s(r, DurableAppendBench.Round::recordsPerSecond, "%.0f"),
              s(r, DurableAppendBench.Round::bytesPerForce, "%.0f"),
              s(r, DurableAppendBench.Round::forcesPerSecond, "%.0f"),
              s(r, x -> x.anchor().bytesPerSecond() / 1e6, "%.1f"),
              s(r, DurableAppendBench.Round::ratio, "%.2f")));
    }
    if (scenarios.contains("latency")) {
      List<AckLatencyBench.Round> r = new AckLatencyBench(o).run();
      report.append(
          String.format(
              "| one writer, wait for each ack, %d B | p50 %s us, p99 %s us |"
                  + " one write + force(false), growing file: p50 %s us, p99 %s us |"
                  + " p50 %s (<= 1.3), p99 %s |%n",
              o.recordBytes(),
              s(r, AckLatencyBench.Round::p50, "%.0f"),
              s(r, AckLatencyBench.Round::p99, "%.0f"),
              s(r, AckLatencyBench.Round::anchorP50, "%.0f"),
              s(r, AckLatencyBench.Round::anchorP99, "%.0f"),
              s(r, AckLatencyBench.Round::ratioP50, "%.2f"),
              s(r, AckLatencyBench.Round::ratioP99, "%.2f")));
      report.append(
          String.format(
              "| same engine figures | (as above) | one write + force(false), file filled with"
                  + " zeros beforehand: p50 %s us, p99 %s us | p50 %s |%n",
              s(r, AckLatencyBench.Round::zeroedP50, "%.0f"),
              s(r, AckLatencyBench.Round::zeroedP99, "%.0f"),
              s(r, AckLatencyBench.Round::zeroedRatioP50, "%.2f")));
    }
    PageCache pageCache = new PageCache(o.cold());
    if (scenarios.contains("recovery")) {
      List<RecoveryBench.Round> r = new RecoveryBench(o, pageCache).run();
      report.append(
          String.format(
              "| recovery replay, %d MiB log after SIGKILL (%s) | %s MB/s"
                  + " (open %s ms) | sequential FileChannel read, same size: %s MB/s |"
                  + " %s (>= 0.5) |%n",
              o.replayBytes() >> 20,
              pageCache.label(r.stream().allMatch(RecoveryBench.Round::cold)),
              s(r, RecoveryBench.Round::replayMBps, "%.0f"),
              s(r, x -> x.openNanos() / 1e6, "%.0f"),
              s(r, RecoveryBench.Round::anchorMBps, "%.0f"),
              s(r, RecoveryBench.Round::ratio, "%.2f")));
    }
    if (scenarios.contains("read")) {
      List<ColdReadBench.Round> r = new ColdReadBench(o, pageCache).run();
      report.append(
          String.format(
              "| read after restart, %d MiB in 16 segments, engine cache cold, %s | %s MB/s | sequential FileChannel read, same size: %s MB/s |"
                  + " %s (>= 0.5) |%n",
              o.readBytes() >> 20,
              pageCache.label(r.stream().allMatch(ColdReadBench.Round::cold)),
              s(r, ColdReadBench.Round::readMBps, "%.0f"),
              s(r, ColdReadBench.Round::anchorMBps, "%.0f"),
              s(r, ColdReadBench.Round::ratio, "%.2f")));
    }
    report.append(String.format("%nload average after the run: %s%n", loadAverage()));
    System.out.print(report);
  }

  private static <T> String s(List<T> rounds, ToDoubleFunction<T> f, String format) {
    return Samples.summary(rounds.stream().map(x -> f.applyAsDouble(x)).toList(), format);
  }

  private static String machine(BenchOptions o) {
    return String.format(
        "storage bench: %d rounds x %.0f s; %d CPUs; Java %s; scratch %s on %s;"
            + " load average before: %s",
        o.rounds(),
        o.seconds(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        o.baseDir(),
        fileStore(o.baseDir()),
        loadAverage());
  }

  private static String fileStore(Path dir) {
    try {
      Files.createDirectories(dir);
      var fs = Files.getFileStore(dir);
      return fs.name() + " (" + fs.type() + ")";
    } catch (IOException e) {
      return "?";
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "?";
    }
  }
}
