package io.sluice.bench.pravega;

import java.util.List;
import java.util.Locale;

/** Mean, standard deviation, minimum and maximum of one figure over the rounds. Immutable. */
record Summary(double mean, double sd, double min, double max, int n) {
  static Summary of(List<Double> values) {
    int n = values.size();
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double var =
        n < 2 ? 0 : values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (n - 1);
    return new Summary(
        mean,
        Math.sqrt(var),
        values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
        values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
        n);
  }

  /** {@code mean ± sd (min..max)} with the given number format. */
  String format(String fmt) {
    if (n == 0) {
      return "-";
    }
    String m = String.format(Locale.ROOT, fmt, mean);
    if (n == 1) {
      return m;
    }
    return m
        + " ± "
        + String.format(Locale.ROOT, fmt, sd)
        + " ("
        + String.format(Locale.ROOT, fmt, min)
        + ".."
        + String.format(Locale.ROOT, fmt, max)
        + ")";
  }
}
