package io.sluice.bench.storage;

import java.util.Arrays;
import java.util.List;

/** Small statistics helpers for benchmark rounds and latency samples. Stateless, thread-safe. */
final class Samples {
  private Samples() {}

  static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** Sample standard deviation (n - 1), 0 for fewer than two values. */
  static double stddev(List<Double> xs) {
    if (xs.size() < 2) {
      return 0;
    }
    double m = mean(xs);
    double s = 0;
    for (double x : xs) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (xs.size() - 1));
  }

  static double min(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  static double max(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** The {@code q}-quantile (0..1) of the first {@code n} values, nearest-rank; sorts them. */
  static long percentile(long[] values, int n, double q) {
    if (n == 0) {
      return -1;
    }
    Arrays.sort(values, 0, n);
    int rank = (int) Math.ceil(q * n) - 1;
    return values[Math.max(0, Math.min(n - 1, rank))];
  }

  /** "mean ± sd (min..max)" of a list of values. */
  static String summary(List<Double> xs, String format) {
    return String.format(
        format + " ± " + format + " (" + format + ".." + format + ")",
        mean(xs),
        stddev(xs),
        min(xs),
        max(xs));
  }
}
