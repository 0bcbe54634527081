package io.sluice.bench.sp;

import io.sluice.sp.Message;
import io.sluice.sp.Protocol;
import io.sluice.sp.SocketOptions;
import io.sluice.sp.SpContext;
import io.sluice.sp.SpSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * PUSH/PULL throughput over tcp (64 B and 1 KiB messages) and REQ/REP round-trip latency (64 B),
 * for Sluice, nanomsg 1.1.5 (C, two processes, compiled here with gcc against libnanomsg) and
 * JeroMQ 0.6.0, interleaved round by round so all three see the same machine and the same message
 * counts and sizes. Prints progress to stderr and a Markdown table to stdout: per library the
 * median over the rounds with the minimum and maximum, and Sluice's ratio to each other library's
 * median.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.sluice.bench.sp.SpBench [--rounds=5]
 * [--messages=1000000] [--roundtrips=20000] [--libs=sluice,nanomsg,jeromq]
 * [--cases=thr64,thr1k,lat] [--contexts=2|1]}. Needs gcc and libnanomsg-dev for nanomsg. Not
 * thread-safe (a command-line tool).
 */
public final class SpBench {
  private SpBench() {}

  /**
   * Contexts per pair of sockets, for Sluice and JeroMQ alike: 2 gives each socket its own I/O
   * thread (the shape of nanomsg's two processes), 1 shares one I/O thread (JeroMQ's usual one
   * ZContext per process).
   */
  private static int contexts = 2;

  record Thr(double msgsPerSec, double mbPerSec) {}

  record Lat(double p50, double p99, double mean) {}

  public static void main(String[] args) throws Exception {
    int rounds = 5;
    long messages = 1_000_000;
    int roundtrips = 20_000;
    List<String> libs = List.of("sluice", "nanomsg", "jeromq");
    List<String> cases = List.of("thr64", "thr1k", "lat");
    for (String a : args) {
      if (a.startsWith("--rounds=")) {
        rounds = Integer.parseInt(a.substring(9));
      } else if (a.startsWith("--messages=")) {
        messages = Long.parseLong(a.substring(11));
      } else if (a.startsWith("--roundtrips=")) {
        roundtrips = Integer.parseInt(a.substring(13));
      } else if (a.startsWith("--libs=")) {
        libs = List.of(a.substring(7).split(","));
      } else if (a.startsWith("--cases=")) {
        cases = List.of(a.substring(8).split(","));
      } else if (a.equals("--contexts=1") || a.equals("--contexts=2")) {
        contexts = Integer.parseInt(a.substring(11));
      } else {
        System.err.println(
            "usage: SpBench [--rounds=N] [--messages=N] [--roundtrips=N]"
                + " [--libs=sluice,nanomsg,jeromq] [--cases=thr64,thr1k,lat] [--contexts=2|1]");
        System.exit(2);
      }
    }
    Path nn = libs.contains("nanomsg") ? compileNanomsg() : null;
    Map<String, List<Thr>> thr = new LinkedHashMap<>();
    Map<String, List<Lat>> lat = new LinkedHashMap<>();
    // warm-up of the JVM paths (not reported)
    for (String c : cases) {
      for (String lib : libs) {
        if (!lib.equals("nanomsg")) {
          if (c.equals("lat")) {
            latency(lib, nn, roundtrips / 4);
          } else {
            throughput(lib, nn, size(c), messages / 4);
          }
        }
      }
    }
    for (int r = 1; r <= rounds; r++) {
      for (String c : cases) {
        for (String lib : libs) {
          if (c.equals("lat")) {
            System.err.printf("round %d/%d: %s REQ/REP 64 B x %d%n", r, rounds, lib, roundtrips);
            Lat l = latency(lib, nn, roundtrips);
            System.err.printf(
                "  p50 %.1f us, p99 %.1f us, mean %.1f us%n", l.p50(), l.p99(), l.mean());
            lat.computeIfAbsent(lib, k -> new ArrayList<>()).add(l);
          } else {
            int size = size(c);
            long n = size == 64 ? messages : messages / 2;
            System.err.printf("round %d/%d: %s PUSH/PULL %d B x %d%n", r, rounds, lib, size, n);
            Thr t = throughput(lib, nn, size, n);
            System.err.printf("  %.0f msgs/s, %.1f MB/s%n", t.msgsPerSec(), t.mbPerSec());
            thr.computeIfAbsent(c + "/" + lib, k -> new ArrayList<>()).add(t);
          }
        }
      }
    }
    System.out.print(report(libs, cases, thr, lat));
  }

  private static int size(String benchCase) {
    return switch (benchCase) {
      case "thr64" -> 64;
      case "thr1k" -> 1024;
      default -> throw new IllegalArgumentException("unknown case " + benchCase);
    };
  }

  private static Thr throughput(String lib, Path nn, int size, long n) throws Exception {
    return switch (lib) {
      case "sluice" -> sluiceThroughput(size, n);
      case "nanomsg" -> nanomsgThroughput(nn, size, n);
      case "jeromq" -> jeromqThroughput(size, n);
      default -> throw new IllegalArgumentException("unknown library " + lib);
    };
  }

  private static Lat latency(String lib, Path nn, int n) throws Exception {
    return switch (lib) {
      case "sluice" -> sluiceLatency(64, n);
      case "nanomsg" -> nanomsgLatency(nn, 64, n);
      case "jeromq" -> jeromqLatency(64, n);
      default -> throw new IllegalArgumentException("unknown library " + lib);
    };
  }

  /** Median, minimum and maximum of some values. */
  record Stat(double median, double min, double max) {
    static Stat of(double[] v) {
      double[] s = v.clone();
      Arrays.sort(s);
      return new Stat(s[s.length / 2], s[0], s[s.length - 1]);
    }

    String format(String unit, int decimals) {
      String f = "%,." + decimals + "f";
      return String.format(Locale.ROOT, f + "%s (" + f + "-" + f + ")", median, unit, min, max);
    }
  }

  private static String report(
      List<String> libs,
      List<String> cases,
      Map<String, List<Thr>> thr,
      Map<String, List<Lat>> lat) {
    StringBuilder out = new StringBuilder();
    String head = String.join(" | ", libs);
    String ratios = libs.contains("sluice") ? ratioHead(libs) : "";
    String dashes = "|---".repeat(libs.size() + 1 + countRatios(libs)) + "|\n";
    if (cases.stream().anyMatch(c -> c.startsWith("thr"))) {
      out.append("| PUSH/PULL tcp, msgs/s (min-max) | ")
          .append(head)
          .append(" |")
          .append(ratios)
          .append('\n')
          .append(dashes);
      for (String c : cases) {
        if (c.equals("lat")) {
          continue;
        }
        double[] med = new double[libs.size()];
        out.append("| ").append(size(c)).append(" B |");
        for (int li = 0; li < libs.size(); li++) {
          Stat s =
              Stat.of(
                  thr.get(c + "/" + libs.get(li)).stream().mapToDouble(Thr::msgsPerSec).toArray());
          med[li] = s.median();
          out.append(' ').append(s.format("", 0)).append(" |");
        }
        out.append(ratioCells(libs, med)).append('\n');
      }
      out.append('\n');
    }
    if (cases.contains("lat")) {
      out.append("| REQ/REP 64 B round trip, us (min-max) | ")
          .append(head)
          .append(" |")
          .append(ratios)
          .append('\n')
          .append(dashes);
      for (String stat : List.of("p50", "p99", "mean")) {
        double[] med = new double[libs.size()];
        out.append("| ").append(stat).append(" |");
        for (int li = 0; li < libs.size(); li++) {
          Stat s =
              Stat.of(
                  lat.get(libs.get(li)).stream()
                      .mapToDouble(
                          l ->
                              switch (stat) {
                                case "p50" -> l.p50();
                                case "p99" -> l.p99();
                                default -> l.mean();
                              })
                      .toArray());
          med[li] = s.median();
          out.append(' ').append(s.format("", 1)).append(" |");
        }
        out.append(ratioCells(libs, med)).append('\n');
      }
      out.append('\n');
    }
    out.append("(medians over the rounds, min-max in brackets; each round runs the libraries")
        .append(" back to back)\n");
    return out.toString();
  }

  private static int countRatios(List<String> libs) {
    return libs.contains("sluice") ? libs.size() - 1 : 0;
  }

  private static String ratioHead(List<String> libs) {
    StringBuilder b = new StringBuilder();
    for (String lib : libs) {
      if (!lib.equals("sluice")) {
        b.append(" sluice/").append(lib).append(" |");
      }
    }
    return b.toString();
  }

  private static String ratioCells(List<String> libs, double[] med) {
    int si = libs.indexOf("sluice");
    if (si < 0) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (int li = 0; li < libs.size(); li++) {
      if (li != si) {
        b.append(String.format(Locale.ROOT, " %.2fx |", med[si] / med[li]));
      }
    }
    return b.toString();
  }

  // --- Sluice ---

  static Thr sluiceThroughput(int size, long n) throws Exception {
    try (SpContext a = SpContext.create();
        SpContext other = contexts == 2 ? SpContext.create() : null) {
      SpContext b = other != null ? other : a;
      SpSocket pull = a.open(Protocol.PULL);
      SpSocket push = b.open(Protocol.PUSH);
      String url = pull.bind("tcp://127.0.0.1:0").url();
      push.connect(url);
      byte[] body = new byte[size];
      Thread sender =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (long i = 0; i < n; i++) {
                      push.send(new Message(body));
                    }
                  });
      pull.recv();
      long start = System.nanoTime();
      for (long i = 1; i < n; i++) {
        pull.recv();
      }
      double secs = (System.nanoTime() - start) / 1e9;
      sender.join();
      return new Thr((n - 1) / secs, (n - 1) * (double) size / secs / 1e6);
    }
  }

  static Lat sluiceLatency(int size, int n) throws Exception {
    SocketOptions o = SocketOptions.defaults().withTcpNoDelay(true);
    try (SpContext a = SpContext.create();
        SpContext other = contexts == 2 ? SpContext.create() : null) {
      SpContext b = other != null ? other : a;
      SpSocket rep = a.open(Protocol.REP, o);
      SpSocket req = b.open(Protocol.REQ, o);
      req.connect(rep.bind("tcp://127.0.0.1:0").url());
      Thread server =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      while (true) {
                        Message m = rep.recv();
                        rep.send(m);
                      }
                    } catch (RuntimeException closed) {
                      // benchmark over
                    }
                  });
      byte[] body = new byte[size];
      double[] rtt = new double[n];
      for (int i = -n / 10; i < n; i++) {
        long t0 = System.nanoTime();
        req.send(new Message(body));
        req.recv();
        if (i >= 0) {
          rtt[i] = (System.nanoTime() - t0) / 1e3;
        }
      }
      rep.close();
      server.join();
      return latency(rtt);
    }
  }

  private static Lat latency(double[] rtt) {
    double[] s = rtt.clone();
    Arrays.sort(s);
    return new Lat(s[s.length / 2], s[s.length * 99 / 100], Arrays.stream(s).average().orElse(0));
  }

  // --- JeroMQ ---

  static Thr jeromqThroughput(int size, long n) throws Exception {
    try (ZContext ctx = new ZContext();
        ZContext other = contexts == 2 ? new ZContext() : null) {
      ZMQ.Socket pull = ctx.createSocket(SocketType.PULL);
      int port = pull.bindToRandomPort("tcp://127.0.0.1");
      ZMQ.Socket push = (other != null ? other : ctx).createSocket(SocketType.PUSH);
      push.connect("tcp://127.0.0.1:" + port);
      byte[] body = new byte[size];
      Thread sender =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (long i = 0; i < n; i++) {
                      push.send(body, 0);
                    }
                  });
      pull.recv(0);
      long start = System.nanoTime();
      for (long i = 1; i < n; i++) {
        pull.recv(0);
      }
      double secs = (System.nanoTime() - start) / 1e9;
      sender.join();
      return new Thr((n - 1) / secs, (n - 1) * (double) size / secs / 1e6);
    }
  }

  static Lat jeromqLatency(int size, int n) throws Exception {
    try (ZContext ctx = new ZContext();
        ZContext other = contexts == 2 ? new ZContext() : null) {
      ZMQ.Socket rep = ctx.createSocket(SocketType.REP);
      int port = rep.bindToRandomPort("tcp://127.0.0.1");
      ZMQ.Socket req = (other != null ? other : ctx).createSocket(SocketType.REQ);
      req.connect("tcp://127.0.0.1:" + port);
      int total = n + n / 10;
      Thread server =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < total; i++) {
                      rep.send(rep.recv(0), 0);
                    }
                  });
      byte[] body = new byte[size];
      double[] rtt = new double[n];
      for (int i = -n / 10; i < n; i++) {
        long t0 = System.nanoTime();
        req.send(body, 0);
        req.recv(0);
        if (i >= 0) {
          rtt[i] = (System.nanoTime() - t0) / 1e3;
        }
      }
      server.join();
      return latency(rtt);
    }
  }

  // --- nanomsg (C) ---

  static Path compileNanomsg() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("sluice-sp-bench");
    Path src = dir.resolve("nn_bench.c");
    try (InputStream in = SpBench.class.getResourceAsStream("/sp/nn_bench.c")) {
      Files.copy(in, src, StandardCopyOption.REPLACE_EXISTING);
    }
    Path bin = dir.resolve("nn_bench");
    Process p =
        new ProcessBuilder("gcc", "-O2", "-o", bin.toString(), src.toString(), "-lnanomsg")
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          "gcc failed (install the Debian packages gcc and libnanomsg-dev): " + log);
    }
    return bin;
  }

  private static String[] runNanomsg(Path bin, String mode, int size, long n) throws Exception {
    Process p =
        new ProcessBuilder(
                bin.toString(),
                mode,
                String.valueOf(size),
                String.valueOf(n),
                "tcp://127.0.0.1:" + freePort())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
      throw new IllegalStateException("nn_bench " + mode + " failed: " + out);
    }
    return out.split("\\s+");
  }

  static Thr nanomsgThroughput(Path bin, int size, long n) throws Exception {
    String[] f = runNanomsg(bin, "thr", size, n);
    return new Thr(Double.parseDouble(f[0]), Double.parseDouble(f[1]));
  }

  static Lat nanomsgLatency(Path bin, int size, int n) throws Exception {
    String[] f = runNanomsg(bin, "lat", size, n);
    return new Lat(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
