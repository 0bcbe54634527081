package io.sluice.bench.pravega;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The streams benchmark (issue 3, "Performance"): the real Pravega client 0.13.0 runs the same
 * workloads against a Sluice node (durable: every append forced to disk before its ack) and against
 * pravega-standalone 0.13.0 (data in memory), each started afresh as a child process in every
 * round; the order of the two alternates between rounds. Prints progress to stderr and a Markdown
 * table (mean ± standard deviation, then min..max, and per-round ratios) to stdout.
 *
 * <pre>
 * ./mvnw -q -pl bench-pravega -am package -DskipTests
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp 'bench-pravega/target/sluice-bench-pravega.jar:bench-pravega/target/lib/*' \
 *     io.sluice.bench.pravega.PravegaBench --rounds=3
 * </pre>
 *
 * Not thread-safe; a command-line program.
 */
public final class PravegaBench {
  /** How often one server's round is tried before it is left as a gap. */
  private static final int ROUND_ATTEMPTS = 2;

  /** The sampling interval of {@code --profile} in the multi-writer phase. */
  private static final long PROFILE_INTERVAL_MS = 500;

  private final BenchOptions options;
  private final Map<String, List<RoundFigures>> results = new LinkedHashMap<>();
  private final List<String> loads = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  private PravegaBench(BenchOptions options) {
    this.options = options;
    options.servers().forEach(s -> results.put(s, new ArrayList<>()));
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    new PravegaBench(options).run();
    System.exit(0);
  }

  private void run() throws Exception {
    Files.createDirectories(options.workDir());
    if (options.warmup()) {
      progress("warm-up: the client against a throw-away Sluice node (not measured)");
      Startup.Started s = Startup.measure(this::startSluice);
      try (BenchClient client = s.client()) {
        SingleWriterWorkload.run(client, "warm1", options.warmupEvents(), options.eventSize());
        if (options.multi()) {
          MultiWriterWorkload.run(
              client,
              "warm10",
              options.writers(),
              options.eventsPerWriter(),
              options.bigEventSize());
        }
      } finally {
        s.server().close();
      }
    }
    for (int round = 1; round <= options.rounds(); round++) {
      // rotated, so each server comes first (right after the previous round's last 10-writer
      // phase, or after the client's warm-up) equally often: with the order reversed every other
      // round, the first of the list came first in rounds 1 and 3 of 3
      List<String> order = new ArrayList<>(options.servers());
      java.util.Collections.rotate(order, -((round - 1) % order.size()));
      for (String name : order) {
        String before = null;
        RoundFigures f = null;
        // a server that fails a round (pravega-standalone loses its container under heavy load
        // now and then) runs it once more on a fresh start; a second failure leaves a gap, and
        // the other rounds still count. Every failure is listed at the end.
        for (int attempt = 1; f == null && attempt <= ROUND_ATTEMPTS; attempt++) {
          before = ProcStatus.loadAverage();
          try {
            f = round(name, round);
          } catch (Exception | AssertionError e) {
            progress(
                "round "
                    + round
                    + ": "
                    + name
                    + " FAILED"
                    + (attempt < ROUND_ATTEMPTS
                        ? " (running the round again on a fresh start)"
                        : "")
                    + ": "
                    + e);
            failures.add("round " + round + " " + name + " attempt " + attempt + ": " + e);
          }
        }
        if (f == null) {
          results.get(name).add(null);
          continue;
        }
        String after = ProcStatus.loadAverage();
        results.get(name).add(f);
        loads.add(String.format(Locale.ROOT, "round %d %s: %s -> %s", round, name, before, after));
        progress(
            String.format(
                Locale.ROOT,
                "round %d %-10s start %.0f ms | 1 writer %.0f ev/s (CPU us/event: client %.2f,"
                    + " server %.2f; client GC %.0f ms), read %.0f ev/s (client %.2f of which the"
                    + " reading thread %.2f, server %.2f) |"
                    + " %d writers %.0f ev/s p50 %.2f ms p99 %.2f ms | RSS %.0f MB | load %s -> %s",
                round,
                name,
                f.startupMillis(),
                f.writeEventsPerSecond(),
                f.writeClientCpuMicros(),
                f.writeServerCpuMicros(),
                f.writeClientGcMillis(),
                f.readEventsPerSecond(),
                f.readClientCpuMicros(),
                f.readThreadCpuMicros(),
                f.readServerCpuMicros(),
                options.writers(),
                f.multiEventsPerSecond(),
                f.p50Millis(),
                f.p99Millis(),
                f.residentMegabytes(),
                before,
                after));
      }
    }
    System.out.println(report());
  }

  private Server startSluice() throws Exception {
    return startSluice("sluice", options.sluiceDist(), options.sluiceJvm());
  }

  private Server startSluice(String name, java.nio.file.Path dist, List<String> jvm)
      throws Exception {
    if (dist != null) {
      System.setProperty("sluice.dist", dist.toAbsolutePath().toString());
    } else {
      System.clearProperty("sluice.dist");
    }
    return SluiceServer.start(name, options.workDir(), jvm, options.sluiceArgs());
  }

  private Server startStandalone() throws Exception {
    return StandaloneServer.start(
        options.workDir(),
        options.standaloneJava(),
        options.standaloneLib(),
        options.standaloneJvm());
  }

  private RoundFigures round(String name, int round) throws Exception {
    progress("round " + round + ": starting " + name);
    Startup.Launcher launcher =
        switch (name) {
          case "sluice" -> this::startSluice;
          case "null" -> () -> NullProcessServer.start(options.nullDir(), options.nullJvm());
          case "sluice-b" ->
              () ->
                  startSluice(
                      "sluice-b",
                      options.sluiceBDist(),
                      options.sluiceBJvm() == null ? options.sluiceJvm() : options.sluiceBJvm());
          default -> this::startStandalone;
        };
    Startup.Started s = Startup.measure(launcher);
    try (Server server = s.server();
        BenchClient client = s.client()) {
      progress(
          "round "
              + round
              + ": "
              + name
              + " logged ready after "
              + s.toReady().toMillis()
              + " ms, accepted its first write after "
              + s.toFirstWrite().toMillis()
              + " ms; "
              + options.events()
              + " events of "
              + options.eventSize()
              + " B");
      if (options.serverWarmup() > 0) {
        SingleWriterWorkload.run(client, "prewarm", options.serverWarmup(), options.eventSize());
        if (options.multi()) {
          // the 10-writer path (1 KiB events over several connections) compiles on its own
          MultiWriterWorkload.run(
              client,
              "prewarm10",
              options.writers(),
              Math.max(1, options.serverWarmup() / options.writers()),
              options.bigEventSize());
        }
      }
      PhaseProfile profile = options.profile() ? new PhaseProfile(server.pid()) : null;
      SingleWriterWorkload.Result one =
          SingleWriterWorkload.run(
              client,
              "one",
              options.events(),
              options.eventSize(),
              () -> {
                if (profile != null) {
                  profile.mark(); // write start, write end, read start, read end
                }
                return ProcStatus.cpuNanos(server.pid());
              });
      progress(
          "round "
              + round
              + ": "
              + name
              + " "
              + options.writers()
              + " writers x "
              + options.eventsPerWriter()
              + " events of "
              + options.bigEventSize()
              + " B");
      long[] manyStart = new long[1];
      if (profile != null && options.multi()) {
        profile.mark();
        profile.startSampling(PROFILE_INTERVAL_MS);
      }
      MultiWriterWorkload.Result many =
          options.multi()
              ? MultiWriterWorkload.run(
                  client,
                  "many",
                  options.writers(),
                  options.eventsPerWriter(),
                  options.bigEventSize(),
                  profile == null ? 0 : PROFILE_INTERVAL_MS,
                  t -> manyStart[0] = t)
              : new MultiWriterWorkload.Result(Double.NaN, Double.NaN, Double.NaN);
      if (profile != null) {
        profileReport(round, name, profile, many, manyStart[0]);
      }
      double rss = server.residentBytes() / (1024.0 * 1024.0);
      String diagnostics = server.diagnostics();
      if (!diagnostics.isEmpty()) {
        progress("round " + round + ": " + name + " " + diagnostics);
      }
      return new RoundFigures(
          s.toFirstWrite().toNanos() / 1e6,
          one.writeEventsPerSecond(),
          one.readEventsPerSecond(),
          many.eventsPerSecond(),
          many.p50Millis(),
          many.p99Millis(),
          rss,
          one.writeClientCpuMicros(),
          one.writeServerCpuMicros(),
          one.readClientCpuMicros(),
          one.readServerCpuMicros(),
          one.writeClientGcMillis(),
          one.readThreadCpuMicros());
    }
  }

  private void profileReport(
      int round, String name, PhaseProfile profile, MultiWriterWorkload.Result many, long t0)
      throws InterruptedException {
    String head = "round " + round + ": " + name + " CPU us/event by thread, ";
    progress(head + "1 writer: " + ThreadCpu.format(profile.phase(0, options.events()), "%.3f"));
    progress(head + "1 reader: " + ThreadCpu.format(profile.phase(2, options.events()), "%.3f"));
    if (options.multi()) {
      profile.mark();
      profile.stopSampling();
      long n = (long) options.writers() * options.eventsPerWriter();
      progress(
          head + options.writers() + " writers: " + ThreadCpu.format(profile.phase(4, n), "%.3f"));
      progress(
          "round "
              + round
              + ": "
              + name
              + " "
              + options.writers()
              + " writers, by send time:\n"
              + many.perInterval()
              + "and the server's CPU:\n"
              + profile.timeline(t0));
    }
  }

  private String report() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%d rounds; single writer: %,d events of %d B; multi-writer: %d writers x %,d events of"
                + " %d B over %d segments%n%n",
            options.rounds(),
            options.events(),
            options.eventSize(),
            options.writers(),
            options.eventsPerWriter(),
            options.bigEventSize(),
            options.writers()));
    List<String[]> pairs = new ArrayList<>();
    for (String[] pair :
        new String[][] {
          {"sluice", "standalone"},
          {"sluice-b", "standalone"},
          {"null", "standalone"},
          {"sluice", "null"},
          {"sluice-b", "null"},
          {"sluice-b", "sluice"}
        }) {
      if (results.containsKey(pair[0]) && results.containsKey(pair[1])) {
        pairs.add(pair);
      }
    }
    b.append("| figure |");
    results.keySet().forEach(n -> b.append(' ').append(n).append(" |"));
    pairs.forEach(p -> b.append(' ').append(p[0]).append(" / ").append(p[1]).append(" |"));
    b.append(" goal (sluice / standalone) |\n|---|");
    results.keySet().forEach(n -> b.append("---|"));
    pairs.forEach(p -> b.append("---|"));
    b.append("---|\n");
    row(
        b,
        pairs,
        "start-up to first accepted write (ms)",
        RoundFigures::startupMillis,
        "%.0f",
        "<= 0.1");
    row(b, pairs, "1 writer: write (events/s)", RoundFigures::writeEventsPerSecond, "%.0f", ">= 3");
    row(b, pairs, "1 reader: read (events/s)", RoundFigures::readEventsPerSecond, "%.0f", ">= 3");
    row(
        b,
        pairs,
        "1 writer: client CPU per event (us)",
        RoundFigures::writeClientCpuMicros,
        "%.2f",
        "-");
    row(
        b,
        pairs,
        "1 writer: server CPU per event (us)",
        RoundFigures::writeServerCpuMicros,
        "%.2f",
        "-");
    row(b, pairs, "1 writer: client GC time (ms)", RoundFigures::writeClientGcMillis, "%.0f", "-");
    row(
        b,
        pairs,
        "1 reader: client CPU per event (us)",
        RoundFigures::readClientCpuMicros,
        "%.2f",
        "-");
    row(
        b,
        pairs,
        "1 reader: server CPU per event (us)",
        RoundFigures::readServerCpuMicros,
        "%.2f",
        "-");
    if (options.multi()) {
      row(
          b,
          pairs,
          options.writers() + " writers: write (events/s)",
          RoundFigures::multiEventsPerSecond,
          "%.0f",
          "> 1");
      row(
          b,
          pairs,
          options.writers() + " writers: p50 latency (ms)",
          RoundFigures::p50Millis,
          "%.2f",
          "< 1");
      row(
          b,
          pairs,
          options.writers() + " writers: p99 latency (ms)",
          RoundFigures::p99Millis,
          "%.2f",
          "< 1");
    }
    row(
        b,
        pairs,
        "resident memory after the run (MB)",
        RoundFigures::residentMegabytes,
        "%.0f",
        "<= 0.25");
    b.append(Ceiling.report(results, Runtime.getRuntime().availableProcessors()));
    b.append("\nload average (1/5/15 min) before -> after each server's round:\n");
    loads.forEach(l -> b.append("  ").append(l).append('\n'));
    if (!failures.isEmpty()) {
      b.append(
          "\nfailed attempts (a round is run again once; one that failed twice is left out of every"
              + " figure above):\n");
      failures.forEach(l -> b.append("  ").append(l).append('\n'));
    }
    return b.toString();
  }

  private void row(
      StringBuilder b,
      List<String[]> pairs,
      String label,
      ToDoubleFunction<RoundFigures> f,
      String fmt,
      String goal) {
    b.append("| ").append(label).append(" |");
    results
        .values()
        .forEach(l -> b.append(' ').append(Summary.of(values(l, f)).format(fmt)).append(" |"));
    for (String[] p : pairs) {
      List<RoundFigures> a = results.get(p[0]);
      List<RoundFigures> z = results.get(p[1]);
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < Math.min(a.size(), z.size()); i++) {
        if (a.get(i) != null && z.get(i) != null) {
          ratios.add(f.applyAsDouble(a.get(i)) / f.applyAsDouble(z.get(i)));
        }
      }
      b.append(' ').append(Summary.of(ratios).format("%.2f")).append(" |");
    }
    b.append(' ').append(goal).append(" |\n");
  }

  private static List<Double> values(List<RoundFigures> rounds, ToDoubleFunction<RoundFigures> f) {
    return rounds.stream().filter(Objects::nonNull).map(f::applyAsDouble).toList();
  }

  private static void progress(String line) {
    System.err.println("[pravega-bench] " + line);
  }
}
