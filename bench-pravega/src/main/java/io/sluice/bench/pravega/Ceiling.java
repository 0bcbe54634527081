package io.sluice.bench.pravega;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The single-writer goal ("3x the standalone's rate") against what the machine allows: client and
 * server share {@code cores} CPUs, so events/s <= cores / (client + server CPU time per event). Per
 * round with the standalone, it prints the CPU budget per event that 3x its rate leaves, the part
 * of it the client alone spent (against the null server, the cheapest server measured), what is
 * left for any server, and what each measured server spent. A budget the client alone exceeds means
 * that no server, however cheap, reaches 3x with this client on this machine. Stateless.
 */
final class Ceiling {
  private static final double GOAL = 3.0;

  private Ceiling() {}

  /** The section of the report, or an empty string without a standalone (or null) round. */
  static String report(Map<String, List<RoundFigures>> results, int cores) {
    List<RoundFigures> standalone = results.get("standalone");
    List<RoundFigures> nul = results.get("null");
    if (standalone == null || nul == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%nCeiling of the single writer/reader on %d CPUs (client and server share them):"
                + " events/s <= %d / (client + server CPU us per event). Per round: the budget of"
                + " client + server per event at %.0fx the standalone's rate, the client's own"
                + " share against the null server, what that leaves any server, and what each"
                + " server spent (with its rate / the standalone's). The bound holds when the CPUs"
                + " serve this benchmark alone (load average %s now): on a busy machine every"
                + " server falls below it.%n",
            cores,
            cores,
            GOAL,
            ProcStatus.loadAverage()));
    phase(
        b,
        "write",
        results,
        cores,
        RoundFigures::writeEventsPerSecond,
        RoundFigures::writeClientCpuMicros,
        RoundFigures::writeServerCpuMicros);
    phase(
        b,
        "read",
        results,
        cores,
        RoundFigures::readEventsPerSecond,
        RoundFigures::readClientCpuMicros,
        RoundFigures::readServerCpuMicros);
    return b.toString();
  }

  private static void phase(
      StringBuilder b,
      String name,
      Map<String, List<RoundFigures>> results,
      int cores,
      ToDoubleFunction<RoundFigures> rate,
      ToDoubleFunction<RoundFigures> clientCpu,
      ToDoubleFunction<RoundFigures> serverCpu) {
    List<RoundFigures> standalone = results.get("standalone");
    List<RoundFigures> nul = results.get("null");
    List<Double> lefts = new ArrayList<>();
    List<Double> bounds = new ArrayList<>();
    List<Double> nullRatios = new ArrayList<>();
    for (int i = 0; i < Math.min(standalone.size(), nul.size()); i++) {
      RoundFigures s = standalone.get(i);
      RoundFigures n = nul.get(i);
      if (s == null || n == null) {
        continue;
      }
      double budget = cores * 1e6 / (GOAL * rate.applyAsDouble(s));
      double client = clientCpu.applyAsDouble(n);
      double left = budget - client;
      // the most any server reaches with this client: one that costs no CPU at all
      double bound = cores * 1e6 / client / rate.applyAsDouble(s);
      lefts.add(left);
      bounds.add(bound);
      nullRatios.add(rate.applyAsDouble(n) / rate.applyAsDouble(s));
      b.append(
          String.format(
              Locale.ROOT,
              "  round %d %s: standalone %.0f ev/s; %.0fx needs <= %.2f us/event; client %.2f;"
                  + " left for the server %.2f; a server costing nothing: <= %.2fx;",
              i + 1,
              name,
              rate.applyAsDouble(s),
              GOAL,
              budget,
              client,
              left,
              bound));
      for (Map.Entry<String, List<RoundFigures>> e : results.entrySet()) {
        if (e.getKey().equals("standalone") || e.getValue().size() <= i) {
          continue;
        }
        RoundFigures r = e.getValue().get(i);
        if (r != null) {
          b.append(
              String.format(
                  Locale.ROOT,
                  " %s spent %.2f (%.2fx)",
                  e.getKey(),
                  serverCpu.applyAsDouble(r),
                  rate.applyAsDouble(r) / rate.applyAsDouble(s)));
        }
      }
      b.append('\n');
    }
    if (lefts.isEmpty()) {
      return;
    }
    Summary left = Summary.of(lefts);
    Summary bound = Summary.of(bounds);
    List<Double> nullCosts = new ArrayList<>();
    nul.stream().filter(r -> r != null).forEach(r -> nullCosts.add(serverCpu.applyAsDouble(r)));
    double nullCost = Summary.of(nullCosts).mean();
    String verdict;
    if (bound.max() < GOAL) {
      verdict = "out of reach for ANY server: the client alone spends more than the budget";
    } else if (left.max() < nullCost) {
      verdict =
          String.format(
              Locale.ROOT,
              "out of reach for every server measured: it needs a server below %.2f us/event, and"
                  + " the null server (no storage, no durability) spent %.2f",
              left.max(),
              nullCost);
    } else {
      verdict =
          String.format(
              Locale.ROOT,
              "reachable in principle: a server below %.2f us/event would do it",
              left.mean());
    }
    b.append(
        String.format(
            Locale.ROOT,
            "  %s: %.0fx the standalone is %s (left for the server %s us; zero-cost bound %s;"
                + " the null server reached %s)%n",
            name,
            GOAL,
            verdict,
            left.format("%.2f"),
            bound.format("%.2f"),
            Summary.of(nullRatios).format("%.2fx")));
  }
}
