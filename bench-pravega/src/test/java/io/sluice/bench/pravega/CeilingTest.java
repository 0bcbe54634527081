package io.sluice.bench.pravega;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CeilingTest {
  /** A round with the given single-writer rate and client/server CPU per event (reads alike). */
  private static RoundFigures round(double rate, double client, double server) {
    return new RoundFigures(0, rate, rate, 0, 0, 0, 0, client, server, client, server, 0, client);
  }

  private static Map<String, List<RoundFigures>> results(
      RoundFigures sluice, RoundFigures nul, RoundFigures standalone) {
    Map<String, List<RoundFigures>> m = new LinkedHashMap<>();
    m.put("sluice", List.of(sluice));
    m.put("null", List.of(nul));
    m.put("standalone", List.of(standalone));
    return m;
  }

  @Test
  void nothingWithoutTheStandaloneAndTheNullServer() {
    assertThat(Ceiling.report(Map.of("sluice", List.of(round(1e6, 1, 1))), 2)).isEmpty();
  }

  @Test
  void theBudgetIsTheCpusOverThreeTimesTheStandalonesRate() {
    // 2 CPUs, standalone 400k/s: 3x = 1.2M/s needs <= 1.67 us per event; the client takes 1.0
    String r =
        Ceiling.report(
            results(round(700e3, 1.1, 1.3), round(900e3, 1.0, 0.5), round(400e3, 1, 3)), 2);
    assertThat(r).contains("3x needs <= 1.67 us/event; client 1.00; left for the server 0.67");
    assertThat(r).contains("a server costing nothing: <= 5.00x");
    assertThat(r).contains("sluice spent 1.30 (1.75x)").contains("null spent 0.50 (2.25x)");
    assertThat(r).contains("reachable in principle");
  }

  @Test
  void outOfReachForEveryServerMeasuredWhenEvenTheNullServerCostsMore() {
    String r =
        Ceiling.report(
            results(round(700e3, 1.2, 1.3), round(800e3, 1.2, 0.8), round(450e3, 1, 3)), 2);
    assertThat(r).contains("out of reach for every server measured");
  }

  @Test
  void outOfReachForAnyServerWhenTheClientAloneExceedsTheBudget() {
    String r =
        Ceiling.report(
            results(round(300e3, 2.5, 1.3), round(400e3, 2.5, 0.5), round(300e3, 1, 3)), 2);
    assertThat(r).contains("out of reach for ANY server");
  }
}
