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

  /**
   * Rounds of one measurement summed up: the median over rounds of each round's p50 and p99, the max over rounds, the
   * p99 spread (lowest and highest round), whether every round got every receipt, and each round.
   */
  static Map<String, Object> summary(List<Latencies> rounds) {
    Map<String, Object> summary = new LinkedHashMap<>();
    if (rounds.isEmpty()) {
      summary.put("rounds", List.of());
      return summary;
    }
    summary.put("p50_ms", round(median(rounds.stream().map(Latencies::p50).toList())));
    summary.put("p99_ms", round(median(rounds.stream().map(Latencies::p99).toList())));
    summary.put("max_ms", round(rounds.stream().mapToDouble(Latencies::max).max().orElse(Double.NaN)));
    summary.put("p99_spread_ms", List.of(round(rounds.stream().mapToDouble(Latencies::p99).min().orElse(Double.NaN)),
        round(rounds.stream().mapToDouble(Latencies::p99).max().orElse(Double.NaN))));
    summary.put("all_received", rounds.stream().allMatch(r -> r.received() == r.expected()));
    summary.put("rounds", rounds.stream().map(Latencies::json).toList());
    return summary;
  }

  /** The median of the rounds' values. */
  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
