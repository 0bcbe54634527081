package io.sluice.bench.pravega;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's settings, from {@code --name=value} arguments, with the workload as the
 * defaults. Immutable.
 *
 * @param rounds measured rounds; each starts both servers afresh
 * @param events events of the single-writer workload
 * @param eventSize bytes per event of the single-writer workload
 * @param writers writers (and segments) of the multi-writer workload
 * @param eventsPerWriter events per writer of the multi-writer workload
 * @param bigEventSize bytes per event of the multi-writer workload
 * @param servers which servers to run: {@code sluice}, {@code standalone}, {@code null} (the null
 *     server: the client's ceiling), {@code sluice-b} (a second node distribution, to compare two
 *     builds side by side), in this order in round 1, rotated by one each round
 * @param workDir where data directories and logs go (deleted per round)
 * @param standaloneJava the {@code java} that runs pravega-standalone
 * @param standaloneLib the standalone's classpath directory
 * @param sluiceJvm extra JVM flags of the Sluice node
 * @param sluiceArgs extra {@code server} flags of the Sluice node (none: the node's defaults)
 * @param standaloneJvm extra JVM flags of the standalone
 * @param warmup whether to warm the client up against a throw-away Sluice node first
 * @param warmupEvents events the client writes and reads back in its warm-up (by default as many as
 *     the measured single writer, so the client's reader is compiled by C2 before any measured
 *     read: with 50,000 the client compiled its read loop during the first measured read phase,
 *     always Sluice's, and paid ~1 s of compiler CPU there); its multi-writer warm-up writes {@code
 *     eventsPerWriter} per writer likewise
 * @param nullDir the null server's build directory (its jar and {@code lib/})
 * @param nullJvm extra JVM flags of the null server (by default C1 only: its JIT was half of its
 *     CPU per event on C2 and it is the benchmark's cheapest server)
 * @param multi whether to run the multi-writer workload (off: single writer and reader only)
 * @param sluiceDist the node distribution of {@code sluice} (null: the harness finds {@code
 *     node/cli/target})
 * @param sluiceBDist the node distribution of {@code sluice-b}
 * @param sluiceBJvm JVM flags of {@code sluice-b} (null: the same as {@code sluice})
 * @param serverWarmup events the single writer writes (and reads back) to each fresh server before
 *     the measured workloads, so its code is compiled, and (with {@code multi}) as many again
 *     spread over the writers of the multi-writer workload (0: measure the cold server, as before)
 * @param profile whether to print each server's CPU per event by thread group in each phase ({@link
 *     ThreadCpu}) and, for the multi-writer phase, its CPU and the write latency per 0.5 s
 */
record BenchOptions(
    int rounds,
    int events,
    int eventSize,
    int writers,
    int eventsPerWriter,
    int bigEventSize,
    List<String> servers,
    Path workDir,
    Path standaloneJava,
    Path standaloneLib,
    List<String> sluiceJvm,
    List<String> sluiceArgs,
    List<String> standaloneJvm,
    boolean warmup,
    int warmupEvents,
    Path nullDir,
    List<String> nullJvm,
    boolean multi,
    Path sluiceDist,
    Path sluiceBDist,
    List<String> sluiceBJvm,
    int serverWarmup,
    boolean profile) {

  static final String USAGE =
      """
      usage: PravegaBench [--rounds=3] [--events=1000000] [--event-size=100] [--writers=10]
                          [--events-per-writer=20000] [--big-event-size=1024]
                          [--servers=sluice,standalone] [--work-dir=$TMPDIR/sluice-bench-pravega]
                          [--standalone-java=/usr/lib/jvm/java-17-openjdk-amd64/bin/java]
                          [--standalone-lib=bench-pravega/standalone/target/lib]
                          [--sluice-jvm="-Xmx512m"] [--sluice-args="--cache-bytes 67108864"]
                          [--standalone-jvm="-Xmx2g"] [--warmup=true] [--warmup-events=EVENTS]
                          [--null-dir=bench-pravega/nullserver/target]
                          [--null-jvm="-Xmx1500m -XX:TieredStopAtLevel=1"]
                          [--multi=true] [--sluice-dist=DIR] [--sluice-b-dist=DIR]
                          [--sluice-b-jvm="<flags>"] [--server-warmup=0] [--profile=false]
      """;

  static BenchOptions parse(String[] args) {
    int rounds = 3;
    int events = 1_000_000;
    int eventSize = 100;
    int writers = 10;
    int eventsPerWriter = 20_000;
    int bigEventSize = 1024;
    List<String> servers = List.of("sluice", "standalone");
    Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "sluice-bench-pravega");
    Path standaloneJava = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    Path standaloneLib = Path.of("bench-pravega/standalone/target/lib");
    List<String> sluiceJvm = List.of(); // the node's own jvm.options, as ./sluice server
    List<String> sluiceArgs = List.of();
    List<String> standaloneJvm = List.of("-Xmx2g");
    boolean warmup = true;
    int warmupEvents = 0; // 0: as many as --events
    Path nullDir = Path.of("bench-pravega/nullserver/target");
    List<String> nullJvm = List.of("-Xmx1500m", "-XX:TieredStopAtLevel=1");
    boolean multi = true;
    Path sluiceDist = null;
    Path sluiceBDist = null;
    int serverWarmup = 0;
    List<String> sluiceBJvm = null;
    boolean profile = false;
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("bad argument '" + arg + "'\n" + USAGE);
      }
      String name = arg.substring(2, eq);
      String value = arg.substring(eq + 1);
      switch (name) {
        case "rounds" -> rounds = positive(name, value);
        case "events" -> events = positive(name, value);
        case "event-size" -> eventSize = atLeast8(name, value);
        case "writers" -> writers = positive(name, value);
        case "events-per-writer" -> eventsPerWriter = positive(name, value);
        case "big-event-size" -> bigEventSize = positive(name, value);
        case "servers" -> servers = List.of(value.split(","));
        case "work-dir" -> workDir = Path.of(value);
        case "standalone-java" -> standaloneJava = Path.of(value);
        case "standalone-lib" -> standaloneLib = Path.of(value);
        case "sluice-jvm" -> sluiceJvm = flags(value);
        case "sluice-args" -> sluiceArgs = flags(value);
        case "standalone-jvm" -> standaloneJvm = flags(value);
        case "warmup" -> warmup = Boolean.parseBoolean(value);
        case "warmup-events" -> warmupEvents = positive(name, value);
        case "null-dir" -> nullDir = Path.of(value);
        case "null-jvm" -> nullJvm = flags(value);
        case "multi" -> multi = Boolean.parseBoolean(value);
        case "sluice-dist" -> sluiceDist = Path.of(value);
        case "sluice-b-dist" -> sluiceBDist = Path.of(value);
        case "server-warmup" -> serverWarmup = Integer.parseInt(value);
        case "sluice-b-jvm" -> sluiceBJvm = flags(value);
        case "profile" -> profile = Boolean.parseBoolean(value);
        default -> throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
      }
    }
    for (String s : servers) {
      if (!List.of("sluice", "standalone", "null", "sluice-b").contains(s)) {
        throw new IllegalArgumentException(
            "--servers takes sluice, standalone, null and/or sluice-b, not " + s);
      }
    }
    return new BenchOptions(
        rounds,
        events,
        eventSize,
        writers,
        eventsPerWriter,
        bigEventSize,
        servers,
        workDir,
        standaloneJava,
        standaloneLib,
        sluiceJvm,
        sluiceArgs,
        standaloneJvm,
        warmup,
        warmupEvents == 0 ? events : warmupEvents,
        nullDir,
        nullJvm,
        multi,
        sluiceDist,
        sluiceBDist,
        sluiceBJvm,
        serverWarmup,
        profile);
  }

  private static int positive(String name, String value) {
    int v = Integer.parseInt(value);
    if (v <= 0) {
      throw new IllegalArgumentException("--" + name + " must be positive");
    }
    return v;
  }

  private static int atLeast8(String name, String value) {
    int v = Integer.parseInt(value);
    if (v < 8) {
      throw new IllegalArgumentException("--" + name + " must be at least 8 (the event index)");
    }
    return v;
  }

  private static List<String> flags(String value) {
    return Arrays.stream(value.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }
}
