package io.sluice.bench.sessions;

import io.sluice.sessions.SessionsFace;
import io.sluice.sessions.SessionsOptions;
import io.sluice.sessions.client.KindSpec;
import io.sluice.sessions.client.Session;
import io.sluice.sessions.client.SessionsClient;
import io.sluice.sessions.internal.FutureReply;
import io.sluice.sessions.internal.SessionLog;
import io.sluice.storage.Clock;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Durable session operations per second with many concurrent clients, against the storage engine's
 * raw durable append rate measured in the same run, in alternating rounds on fresh data
 * directories.
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.sluice.bench.sessions.SessionsBench [--clients=64]
 *       [--seconds=10] [--rounds=3] [--record-bytes=100] [--dir=/tmp] [--channels=1]
 *       [--modes=rawlog,raw,stream,unary,inprocess] [--slices=0]
 * </pre>
 *
 * Modes run in the order given, each on a fresh data directory; ratios are to the first anchor
 * present: "rawlog" (the like-for-like anchor: the very appends the session log makes, see {@link
 * #rawLog}), else "raw". Each measurement also reports the CPU time per operation ({@link CpuUse}),
 * which moves much less than rates on a shared machine. With {@code --slices=N} the modes of a
 * round run interleaved instead ({@link Interleaved}): all set up at once, taking turns in N
 * windows each, so a disturbance of the shared machine falls on every mode alike.
 *
 * <p>Raw: each client appends {@code record-bytes} to a plain segment (its own, unless {@code
 * --raw-segments} says fewer) and waits until it is durable, in a loop. Sessions: a sessions face
 * on loopback (gRPC), each client in a loop opens a session, appends two records of {@code
 * record-bytes}, and deletes it, waiting for each durable acknowledgement; every acknowledged
 * operation counts. The clients share {@code channels} connections (one SessionsClient each, shared
 * by its threads as the client is meant to be used); over each, the Java client multiplexes their
 * operations on one {@code Operate} stream (its default) ("stream"), and, as a second measurement,
 * sends each as a unary call ("unary"). {@code --modes} picks the measurements (a ratio needs
 * "raw"). In process: the same session operations called on the session log directly, without gRPC.
 * All use the default durability (the write-ahead log is forced before an acknowledgement). Each
 * measurement follows a 5 s warm-up. Not thread-safe.
 */
public final class SessionsBench {
  private SessionsBench() {}

  /**
   * One measurement: operations per second, and the CPU time the process and its threads spent
   * during the measured window (microseconds per operation, by thread group; see {@link CpuUse}).
   */
  record Rate(
      long ops, double seconds, Map<String, Double> cpuMicrosPerOp, WalUse wal, double load) {

    double perSecond() {
      return ops / seconds;
    }

    String cpu() {
      StringBuilder b =
          new StringBuilder(
              String.format(
                  " [load %.1f; log forces %.0f/s, %.1f records per force]",
                  load, wal.forcesPerSecond(), wal.recordsPerForce()));
      if (ops == 0 || cpuMicrosPerOp.isEmpty()) {
        return b.toString();
      }
      b.append(" [CPU us/op:");
      cpuMicrosPerOp.forEach((k, v) -> b.append(String.format(" %s %.1f", k, v)));
      return b.append(']').toString();
    }
  }

  /**
   * The engine's write-ahead log during a measured window: forces per second and records per force
   * (how many appends each group commit carried).
   */
  record WalUse(double forcesPerSecond, double recordsPerForce) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new LinkedHashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + a);
      }
      opt.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    int clients = Integer.parseInt(opt.getOrDefault("clients", "64"));
    double seconds = Double.parseDouble(opt.getOrDefault("seconds", "10"));
    int rounds = Integer.parseInt(opt.getOrDefault("rounds", "3"));
    int recordBytes = Integer.parseInt(opt.getOrDefault("record-bytes", "100"));
    int rawSegments = Integer.parseInt(opt.getOrDefault("raw-segments", String.valueOf(clients)));
    int channels = Integer.parseInt(opt.getOrDefault("channels", "1"));
    int slices = Integer.parseInt(opt.getOrDefault("slices", "0"));
    List<String> modes =
        List.of(opt.getOrDefault("modes", "raw,stream,unary,inprocess").split(","));
    Path base = Path.of(opt.getOrDefault("dir", System.getProperty("java.io.tmpdir")));
    System.out.printf(
        "sessions bench: %d clients on %d channels, %.0f s per measurement, %d rounds, %d-byte"
            + " records%n",
        clients, channels, seconds, rounds, recordBytes);
    String anchor = modes.contains("rawlog") ? "rawlog" : "raw";
    // per mode, the rate of each round, in run order
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    for (int r = 1; r <= rounds; r++) {
      Map<String, Rate> round = new LinkedHashMap<>();
      for (String mode : modes) {
        if (slices == 0) {
          Measurer m = (engine, n, steps) -> measure(engine, n, seconds, steps);
          round.put(mode, run(mode, base, clients, channels, m, recordBytes, rawSegments));
        }
      }
      if (slices > 0) {
        round.putAll(
            Interleaved.run(
                modes,
                seconds,
                slices,
                (mode, m) -> run(mode, base, clients, channels, m, recordBytes, rawSegments)));
      }
      round.forEach(
          (mode, rate) ->
              rates.computeIfAbsent(mode, k -> new ArrayList<>()).add(rate.perSecond()));
      StringBuilder line = new StringBuilder(String.format("round %d/%d:", r, rounds));
      Rate base0 = round.get(anchor);
      round.forEach(
          (mode, rate) -> {
            line.append(String.format(" %s %.0f/s", mode, rate.perSecond()));
            if (base0 != null && !mode.equals(anchor)) {
              line.append(String.format(" (ratio %.2f)", rate.perSecond() / base0.perSecond()));
            }
            line.append(';');
          });
      System.out.println(line);
      round.forEach((mode, rate) -> System.out.printf("  %s%s%n", mode, rate.cpu()));
    }
    System.out.println();
    System.out.printf(
        "summary over %d rounds (ratios to the %s anchor of the same round): mean [min-max]%n",
        rounds, anchor);
    List<Double> anchorRates = rates.get(anchor);
    rates.forEach(
        (mode, list) -> {
          StringBuilder b = new StringBuilder(String.format("  %-10s %s/s", mode, stats(list)));
          if (anchorRates != null && !mode.equals(anchor)) {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
              ratios.add(list.get(i) / anchorRates.get(i));
            }
            b.append("   ratio ").append(stats(ratios));
            b.append("   by round ")
                .append(ratios.stream().map(x -> String.format("%.2f", x)).toList());
          }
          System.out.println(b);
        });
  }

  /** Runs one measurement of {@code mode}, measured by {@code m}. */
  static Rate run(
      String mode,
      Path base,
      int clients,
      int channels,
      Measurer m,
      int recordBytes,
      int rawSegments)
      throws Exception {
    return switch (mode) {
      case "raw" -> raw(base, clients, m, recordBytes, rawSegments);
      case "rawlog" -> rawLog(base, clients, m, recordBytes);
      case "stream" -> sessions(base, clients, channels, m, recordBytes, false);
      case "unary" -> sessions(base, clients, channels, m, recordBytes, true);
      case "inprocess" -> inProcess(base, clients, m, recordBytes);
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    };
  }

  /**
   * Measures a workload once its setup exists: {@code clients} threads running {@code steps} on
   * {@code engine}.
   */
  interface Measurer {
    Rate measure(StorageEngine engine, int clients, IntFunction<Step> steps) throws Exception;
  }

  /** "mean [min-max]" of {@code values}. */
  private static String stats(List<Double> values) {
    double mean = values.stream().mapToDouble(x -> x).average().orElse(Double.NaN);
    double min = values.stream().mapToDouble(x -> x).min().orElse(Double.NaN);
    double max = values.stream().mapToDouble(x -> x).max().orElse(Double.NaN);
    return mean >= 10
        ? String.format("%.0f [%.0f-%.0f]", mean, min, max)
        : String.format("%.2f [%.2f-%.2f]", mean, min, max);
  }

  /**
   * The session log without gRPC: the same open, append, append, delete, called in process (what
   * the face costs beyond the storage engine, without the transport).
   */
  static Rate inProcess(Path base, int clients, Measurer m, int recordBytes) throws Exception {
    Path dir = Files.createTempDirectory(base, "inproc-");
    try (StorageEngine engine = StorageEngine.open(config(dir))) {
      SessionLog log =
          SessionLog.open(
              engine,
              Clock.SYSTEM,
              SessionsOptions.builder()
                  .kinds(List.of(KindSpec.of(1, Duration.ofMinutes(1))))
                  .build());
      try {
        List<ByteBuffer> records = List.of(ByteBuffer.wrap(new byte[recordBytes]));
        return m.measure(
            engine,
            clients,
            c ->
                () -> {
                  FutureReply<Long> open = new FutureReply<>();
                  log.open(1, open);
                  long id = open.join();
                  for (int i = 0; i < 2; i++) {
                    FutureReply<Integer> append = new FutureReply<>();
                    log.append(id, 0, records, append);
                    append.join();
                  }
                  FutureReply<Void> delete = new FutureReply<>();
                  log.delete(id, 0, delete);
                  delete.join();
                  return 4;
                });
      } finally {
        log.close();
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static StorageConfig config(Path dir) {
    return StorageConfig.builder(dir).build();
  }

  /** Raw engine: every client appends to its own segment and waits for durability. */
  static Rate raw(Path base, int clients, Measurer m, int recordBytes, int segments)
      throws Exception {
    Path dir = Files.createTempDirectory(base, "raw-");
    try (StorageEngine engine = StorageEngine.open(config(dir))) {
      for (int c = 0; c < segments; c++) {
        engine.segments().create("raw-" + c, Map.of()).join();
      }
      byte[] record = new byte[recordBytes];
      return m.measure(
          engine,
          clients,
          c ->
              () -> {
                engine.segments().append("raw-" + (c % segments), ByteBuffer.wrap(record)).join();
                return 1;
              });
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * The engine doing exactly the appends the session log does for the sessions' work: every client
   * appends, in a loop and each waiting until durable, records of the sizes the session log writes
   * for open, append, append, delete (NEW 21 bytes, APPEND {@code 25 + record-bytes} twice, DELETE
   * 17; see the layout in {@code LogCodec}), all to one shared segment, as the log is one segment.
   * The like-for-like anchor of the session measurements.
   */
  static Rate rawLog(Path base, int clients, Measurer m, int recordBytes) throws Exception {
    Path dir = Files.createTempDirectory(base, "rawlog-");
    try (StorageEngine engine = StorageEngine.open(config(dir))) {
      engine.segments().create("log", Map.of()).join();
      byte[] newRecord = new byte[21];
      byte[] appendRecord = new byte[25 + recordBytes];
      byte[] deleteRecord = new byte[17];
      return m.measure(
          engine,
          clients,
          c ->
              () -> {
                engine.segments().append("log", ByteBuffer.wrap(newRecord)).join();
                engine.segments().append("log", ByteBuffer.wrap(appendRecord)).join();
                engine.segments().append("log", ByteBuffer.wrap(appendRecord)).join();
                engine.segments().append("log", ByteBuffer.wrap(deleteRecord)).join();
                return 4;
              });
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * The sessions face over gRPC: open, append, append, delete per session, over each client's
   * {@code Operate} stream (the client's default) or as unary calls.
   */
  static Rate sessions(
      Path base, int clients, int channels, Measurer m, int recordBytes, boolean unary)
      throws Exception {
    Path dir = Files.createTempDirectory(base, "sessions-");
    try (StorageEngine engine = StorageEngine.open(config(dir));
        SessionsFace face =
            SessionsFace.start(
                engine,
                new InetSocketAddress("127.0.0.1", 0),
                Clock.SYSTEM,
                SessionsOptions.builder()
                    .kinds(List.of(KindSpec.of(1, Duration.ofMinutes(1))))
                    .build())) {
      List<SessionsClient> pool = new ArrayList<>();
      List<SessionsClient> users = new ArrayList<>();
      for (int i = 0; i < channels; i++) {
        SessionsClient c = SessionsClient.connect("127.0.0.1", face.port());
        pool.add(c);
        users.add(unary ? c.withUnaryOperations() : c);
      }
      try {
        byte[] record = new byte[recordBytes];
        return m.measure(
            engine,
            clients,
            c ->
                () -> {
                  Session s = users.get(c % channels).open(1);
                  s.append(record);
                  s.append(record);
                  s.delete();
                  return 4;
                });
      } finally {
        pool.forEach(SessionsClient::close);
      }
    } finally {
      deleteTree(dir);
    }
  }

  /** One unit of a client's work; returns the operations it completed. */
  interface Step {
    int run() throws Exception;
  }

  /** Warm-up before each measured window (lets the JIT compile the hot paths). */
  private static final long WARM_UP_MILLIS = 5_000;

  /** Runs the clients on virtual threads: a warm-up, then the measured window. */
  static Rate measure(StorageEngine engine, int clients, double seconds, IntFunction<Step> steps)
      throws InterruptedException {
    LongAdder ops = new LongAdder();
    AtomicBoolean counting = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Step step = steps.apply(c);
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      while (!stop.get()) {
                        int n = step.run();
                        if (counting.get()) {
                          ops.add(n);
                        }
                      }
                    } catch (Exception | Error e) {
                      errors.add(e);
                    }
                  }));
    }
    Thread.sleep(WARM_UP_MILLIS);
    CpuUse cpu = CpuUse.start();
    StorageStats s0 = engine.stats();
    long t0 = System.nanoTime();
    counting.set(true);
    Thread.sleep((long) (seconds * 1000));
    counting.set(false);
    long t1 = System.nanoTime();
    StorageStats s1 = engine.stats();
    Map<String, Double> cpuPerOp = cpu.microsPerOp(ops.sum());
    long forces = s1.walForces() - s0.walForces();
    long records = s1.walRecords() - s0.walRecords();
    WalUse wal =
        new WalUse(forces / ((t1 - t0) / 1e9), forces == 0 ? 0 : records / (double) forces);
    stop.set(true);
    for (Thread t : threads) {
      t.join();
    }
    if (!errors.isEmpty()) {
      throw new IllegalStateException(errors.size() + " clients failed", errors.get(0));
    }
    return new Rate(ops.sum(), (t1 - t0) / 1e9, cpuPerOp, wal, loadAverage());
  }

  /** The 1-minute load average from /proc/loadavg, or -1 where there is none. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
