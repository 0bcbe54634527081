package io.sluice.bench.kv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the KV workloads against a real etcd and a Sluice node, both started here as child processes
 * on loopback with their default durability (etcd fsyncs its WAL before replying; Sluice forces its
 * write-ahead log before replying), and prints a Markdown table with the ratios.
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.sluice.bench.kv.KvBench [--seconds=10] [--warmup=2]
 *       [--etcd=/usr/bin/etcd] [--dist=node/cli/target] [--scripts=scripts] [--out=FILE]
 *       [--only=put1,put1000,range1,range1000,watch] [--slices=1] [--sluice-only=true]
 *       [--sluice-jvm="-XX:StartFlightRecording=..."] [--sluice-args="--cache-bytes=..."]
 *       [--dump=DIR] [--anchor-dist=DIR] [--anchor-jvm="..."] [--anchor-args="..."]
 *       [--sluice-null=true] [--prewarm=0]
 * </pre>
 *
 * {@code --slices=N} runs each put and range workload as N alternating windows of seconds/N on the
 * two targets (each with its own warm-up), so load drift on a shared machine hits both alike; the
 * watch workload runs once per target, for one window. {@code --sluice-only} skips the etcd side
 * (for profiling the node). {@code --dump=DIR} writes every measured request of each put and range
 * workload as {@code DIR/<workload>-<target>.tsv} (start as {@link System#nanoTime()}, latency),
 * and prints both servers' process ids, so a slow request can be lined up with the node's GC, JIT
 * and {@code perf} events of the same moment.
 *
 * <p>{@code --prewarm=S} (default 0: none) runs each put and range workload for S seconds,
 * unmeasured, on every target (etcd or the anchor node first, then the measured node) before its
 * first window; the windows then run as without it. A node's JIT compiles the put path over its
 * first ~30 s of load, so this measures both sides in their steady state instead of in their first
 * minute.
 *
 * <p>{@code --anchor-dist=DIR} (with {@code --anchor-jvm=...}) puts a second Sluice node, from the
 * distribution in DIR, in etcd's place: two builds or two JVM settings measured side by side in the
 * same alternating windows (the rows' "etcd" figures are then that node's); {@code
 * --anchor-args=...} gives that node its own flags of {@code sluice server} (without it, it gets
 * {@code --sluice-args} as the measured node does), so two settings of one distribution can be
 * measured side by side. {@code --sluice-null=true} puts {@link NullKvServer} in the node's place
 * (the rows' "sluice" figures are then its): a server that only writes and forces each put, the
 * floor of a durable put here, for the 1-client workload ({@code --only=put1}; it has no group
 * commit).
 *
 * <p>The node runs with the JVM {@code ./sluice server} gives it (the distribution's {@code
 * jvm.options} and AOT start-up cache, through the launcher's {@code scripts/node-jvm.sh}); {@code
 * --sluice-jvm} adds JVM options after those, e.g. {@code -Xmx2g} or a flight recording; {@code
 * --sluice-args} adds flags of {@code sluice server}.
 *
 * <p>Workloads (8-byte keys, 256-byte values, as etcd's performance guide): put with 1 client on 1
 * connection; put with 1000 clients over 100 connections; linearizable range with 1 client and with
 * 1000 clients over 100 connections; watch latency with 100 watchers over 10 connections at 200
 * puts/s.
 */
public final class KvBench {
  private KvBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new LinkedHashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + a);
      }
      opt.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    long seconds = Long.parseLong(opt.getOrDefault("seconds", "10"));
    long warmup = Long.parseLong(opt.getOrDefault("warmup", "2"));
    String etcdBin = opt.getOrDefault("etcd", "/usr/bin/etcd");
    Path dist = Path.of(opt.getOrDefault("dist", "node/cli/target"));
    String javaHome = System.getProperty("java.home");
    Path scripts = Path.of(opt.getOrDefault("scripts", "scripts"));
    if (!opt.containsKey("anchor-dist") && !Files.isExecutable(Path.of(etcdBin))) {
      throw new IllegalStateException(
          etcdBin + " not found: install the Debian package etcd-server");
    }
    List<String> sluiceJvm = words(opt, "sluice-jvm");
    List<String> nodeArgs = words(opt, "sluice-args");
    boolean sluiceOnly = Boolean.parseBoolean(opt.getOrDefault("sluice-only", "false"));
    int slices = Integer.parseInt(opt.getOrDefault("slices", "1"));
    if (slices < 1) {
      throw new IllegalArgumentException("--slices must be at least 1");
    }
    long sliceNanos = seconds * 1_000_000_000L / slices;
    Path dump = opt.containsKey("dump") ? Files.createDirectories(Path.of(opt.get("dump"))) : null;
    Path dir = Files.createTempDirectory("kv-bench");
    List<String[]> rows = new ArrayList<>();
    Path anchorDist = opt.containsKey("anchor-dist") ? Path.of(opt.get("anchor-dist")) : null;
    boolean sluiceNull = Boolean.parseBoolean(opt.getOrDefault("sluice-null", "false"));
    List<String> anchorJvm = words(opt, "anchor-jvm");
    List<String> anchorArgs = opt.containsKey("anchor-args") ? words(opt, "anchor-args") : nodeArgs;
    long prewarm = Long.parseLong(opt.getOrDefault("prewarm", "0"));
    if (prewarm < 0) {
      throw new IllegalArgumentException("--prewarm must not be negative");
    }
    System.out.printf(
        "KvBench: %d s measured per workload in %d slice(s), warm-up %d s per slice, prewarm %d s"
            + " per workload and target; %s: %s; measured node: %s, jvm %s, args %s%n",
        seconds,
        slices,
        warmup,
        prewarm,
        anchorDist == null ? "anchor etcd" : "anchor node",
        anchorDist == null ? etcdBin : anchorDist + ", jvm " + anchorJvm + ", args " + anchorArgs,
        sluiceNull ? "NullKvServer" : dist.toString(),
        sluiceJvm,
        nodeArgs);
    try (Servers.Started etcd =
            anchorDist == null
                ? Servers.etcd(etcdBin, dir.resolve("etcd-data"))
                : Servers.sluice(
                    javaHome,
                    scripts,
                    anchorDist,
                    dir.resolve("anchor-data"),
                    anchorJvm,
                    anchorArgs);
        Servers.Started sluice =
            sluiceNull
                ? Servers.nullKv(javaHome, dir.resolve("null-data"))
                : Servers.sluice(
                    javaHome, scripts, dist, dir.resolve("sluice-data"), sluiceJvm, nodeArgs)) {
      waitReady(etcd.port());
      waitReady(sluice.port());
      System.out.printf(
          "etcd pid %d, sluice pid %d%n", etcd.process().pid(), sluice.process().pid());
      Workloads e =
          sluiceOnly
              ? null
              : new Workloads(etcd.port(), warmup * 1_000_000_000L, sliceNanos, 10_000);
      Workloads s = new Workloads(sluice.port(), warmup * 1_000_000_000L, sliceNanos, 10_000);
      Sides sides =
          new Sides(
              e,
              s,
              slices,
              seconds,
              sluiceOnly ? null : etcd.process().toHandle(),
              sluice.process().toHandle(),
              warmup * 1_000_000_000L,
              sliceNanos,
              prewarm * 1_000_000_000L,
              dump);
      System.out.println("preloading 10,000 keys into each");
      if (e != null) {
        e.preload();
      }
      s.preload();
      String only = opt.getOrDefault("only", "put1,put1000,range1,range1000,watch");
      if (only.contains("put1,") || only.endsWith("put1")) {
        rows.add(row("put, 1 client, 1 connection", sides.run("put1", (w, l) -> w.put(1, 1, l))));
      }
      if (only.contains("put1000")) {
        rows.add(
            row(
                "put, 1000 clients, 100 connections",
                sides.run("put1000", (w, l) -> w.put(1000, 100, l))));
      }
      if (only.contains("range1,") || only.endsWith("range1")) {
        rows.add(
            row("range (linearizable), 1 client", sides.run("range1", (w, l) -> w.range(1, 1, l))));
      }
      if (only.contains("range1000")) {
        rows.add(
            row(
                "range (linearizable), 1000 clients, 100 connections",
                sides.run("range1000", (w, l) -> w.range(1000, 100, l))));
      }
      if (only.contains("watch")) {
        rows.add(
            row(
                "watch latency, 100 watchers, 200 puts/s",
                on(e, w -> w.watchLatency(100, 10, 200)),
                s.watchLatency(100, 10, 200)));
      }
    } finally {
      deleteTree(dir);
    }
    StringBuilder md = new StringBuilder();
    md.append(
        "| workload | etcd 3.4 | Sluice | throughput Sluice/etcd | p99 etcd | p99 Sluice |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (String[] r : rows) {
      md.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    System.out.println();
    System.out.print(md);
    if (opt.containsKey("out")) {
      Files.writeString(Path.of(opt.get("out")), md);
    }
  }

  /** One measurement window of a workload on one target, adding to a latency collector. */
  private interface Window {
    void run(Workloads w, Latencies into) throws InterruptedException;
  }

  /**
   * Runs a workload on both targets in {@code slices} alternating windows (etcd first, then Sluice,
   * then Sluice first, ...), so a change of the machine's load during the run hits both sides
   * alike.
   *
   * <p>Also prints each server process's CPU time (user + system) per measured request, sampled at
   * the start and the end of each window's measured part (warm-ups excluded): a cost that moves
   * less with the machine's load than throughput does.
   *
   * <p>With a {@code dump} folder, every measured request of both sides is written there.
   *
   * @return {etcd, sluice}; etcd is null when left out
   */
  private record Sides(
      Workloads etcd,
      Workloads sluice,
      int slices,
      long seconds,
      ProcessHandle etcdProcess,
      ProcessHandle sluiceProcess,
      long warmupNanos,
      long measureNanos,
      long prewarmNanos,
      Path dump) {
    Latencies.Summary[] run(String name, Window window) throws InterruptedException {
      Latencies e = new Latencies();
      Latencies s = new Latencies();
      if (prewarmNanos > 0) {
        System.out.printf(
            "  prewarm %s: %d s on each target%n", name, prewarmNanos / 1_000_000_000L);
        if (etcd != null) {
          window.run(etcd.unmeasured(prewarmNanos), new Latencies());
        }
        window.run(sluice.unmeasured(prewarmNanos), new Latencies());
      }
      long[] cpu = new long[2];
      for (int i = 0; i < slices; i++) {
        if (i % 2 == 0) {
          if (etcd != null) {
            timed(etcdProcess, cpu, 0, () -> window.run(etcd, e));
          }
          timed(sluiceProcess, cpu, 1, () -> window.run(sluice, s));
        } else {
          timed(sluiceProcess, cpu, 1, () -> window.run(sluice, s));
          if (etcd != null) {
            timed(etcdProcess, cpu, 0, () -> window.run(etcd, e));
          }
        }
      }
      if (dump != null) {
        try {
          if (etcd != null) {
            e.dump(dump.resolve(name + "-etcd.tsv"));
          }
          s.dump(dump.resolve(name + "-sluice.tsv"));
        } catch (IOException x) {
          System.out.println("  (could not write the dump: " + x + ")");
        }
      }
      Latencies.Summary es = etcd == null ? null : e.summary(seconds);
      Latencies.Summary ss = s.summary(seconds);
      double sluiceUs = perOpMicros(cpu[1], ss);
      if (es == null) {
        System.out.printf("  cpu    sluice %.1f us per request%n", sluiceUs);
      } else {
        double etcdUs = perOpMicros(cpu[0], es);
        System.out.printf(
            "  cpu    etcd %.1f us, sluice %.1f us per request (sluice/etcd %.2f)%n",
            etcdUs, sluiceUs, etcdUs == 0 ? 0 : sluiceUs / etcdUs);
      }
      return new Latencies.Summary[] {es, ss};
    }

    private interface Body {
      void run() throws InterruptedException;
    }

    private void timed(ProcessHandle p, long[] cpu, int side, Body body)
        throws InterruptedException {
      long start = System.nanoTime();
      long[] sampled = new long[2];
      Thread sampler =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      sleepUntil(start + warmupNanos);
                      sampled[0] = cpuNanos(p);
                      sleepUntil(start + warmupNanos + measureNanos);
                      sampled[1] = cpuNanos(p);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
      body.run();
      sampler.join();
      cpu[side] += sampled[1] - sampled[0];
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
      long left = nanoTime - System.nanoTime();
      if (left > 0) {
        Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
      }
    }

    private static long cpuNanos(ProcessHandle p) {
      return p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    private static double perOpMicros(long cpuNanos, Latencies.Summary sum) {
      return sum.count() == 0 ? 0 : cpuNanos / 1e3 / sum.count();
    }
  }

  private static String[] row(String name, Latencies.Summary[] sides) {
    return row(name, sides[0], sides[1]);
  }

  /** One workload run against one target. */
  private interface Load {
    Latencies.Summary on(Workloads w) throws InterruptedException;
  }

  /** Runs {@code load} on {@code w}, or nothing (null) when that target is left out. */
  private static Latencies.Summary on(Workloads w, Load load) throws InterruptedException {
    return w == null ? null : load.on(w);
  }

  private static String[] row(String name, Latencies.Summary etcd, Latencies.Summary sluice) {
    System.out.println(name);
    System.out.println("  etcd   " + (etcd == null ? "-" : etcd));
    System.out.println("  sluice " + sluice);
    if (etcd == null) {
      return new String[] {
        name,
        "-",
        String.format("%,.0f/s, mean %.2f ms", sluice.perSecond(), sluice.meanMs()),
        "-",
        "-",
        String.format("%.2f ms", sluice.p99Ms())
      };
    }
    return new String[] {
      name,
      String.format("%,.0f/s, mean %.2f ms", etcd.perSecond(), etcd.meanMs()),
      String.format("%,.0f/s, mean %.2f ms", sluice.perSecond(), sluice.meanMs()),
      String.format("%.2fx", etcd.perSecond() == 0 ? 0 : sluice.perSecond() / etcd.perSecond()),
      String.format("%.2f ms", etcd.p99Ms()),
      String.format("%.2f ms", sluice.p99Ms())
    };
  }

  /** The option {@code name}'s value split at white space; empty when it is absent or blank. */
  private static List<String> words(Map<String, String> opt, String name) {
    String v = opt.getOrDefault(name, "").trim();
    return v.isEmpty() ? List.of() : List.of(v.split("\\s+"));
  }

  private static void waitReady(int port) throws InterruptedException {
    var ch = io.grpc.netty.NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      var stub = io.sluice.kv.proto.etcdserverpb.KVGrpc.newBlockingStub(ch);
      for (int i = 0; i < 600; i++) {
        try {
          stub.withDeadlineAfter(2, java.util.concurrent.TimeUnit.SECONDS)
              .range(
                  io.sluice.kv.proto.etcdserverpb.RangeRequest.newBuilder()
                      .setKey(com.google.protobuf.ByteString.copyFromUtf8("ready"))
                      .build());
          return;
        } catch (io.grpc.StatusRuntimeException e) {
          Thread.sleep(100);
        }
      }
      throw new IllegalStateException("server on port " + port + " never answered");
    } finally {
      ch.shutdownNow();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
