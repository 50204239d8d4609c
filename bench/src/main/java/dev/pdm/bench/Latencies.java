package dev.pdm.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Latency percentiles of one round, in milliseconds, with how many of the expected receipts arrived. */
record Latencies(double p50, double p99, double max, long received, long expected) {

  /** Percentiles of {@code nanos} (a copy is sorted), nearest-rank. */
  static Latencies of(long[] nanos, long expected) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Latencies(rank(sorted, 0.50), rank(sorted, 0.99), sorted.length == 0 ? Double.NaN
        : sorted[sorted.length - 1] / 1e6, sorted.length, expected);
  }

  private static double rank(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("p50_ms", round(p50));
    json.put("p99_ms", round(p99));
    json.put("max_ms", round(max));
    json.put("received", received);
    json.put("expected", expected);
    return json;
  }

  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  /** The median of the rounds' values. */
  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
