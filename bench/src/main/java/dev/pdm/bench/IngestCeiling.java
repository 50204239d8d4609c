package dev.pdm.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ingest ceiling of one server from its rounds of rising open-loop steps: per step the median over rounds of p50
 * and p99, the worst max, the p99 spread and every answer that was not 2xx; per round the highest rate answered
 * entirely 2xx (no error, none missed) with p99 under the limit; the ceiling is their median.
 */
final class IngestCeiling {
  private IngestCeiling() {
  }

  static Map<String, Object> summary(List<List<Map<String, Object>>> rounds, double p99LimitMs) {
    Map<Integer, List<Map<String, Object>>> byRate = new TreeMap<>();
    List<Double> ceilings = new ArrayList<>();
    for (List<Map<String, Object>> round : rounds) {
      int ceiling = 0;
      for (Map<String, Object> step : round) {
        byRate.computeIfAbsent((Integer) step.get("rate"), r -> new ArrayList<>()).add(step);
        if (passes(step, p99LimitMs)) {
          ceiling = Math.max(ceiling, (Integer) step.get("rate"));
        }
      }
      ceilings.add((double) ceiling);
    }
    List<Map<String, Object>> steps = new ArrayList<>();
    byRate.forEach((rate, runs) -> {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("rate", rate);
      step.put("achieved_rate", Latencies.round(Latencies.median(values(runs, "achieved_rate"))));
      step.put("p50_ms", Latencies.round(Latencies.median(values(runs, "p50_ms"))));
      step.put("p99_ms", Latencies.round(Latencies.median(values(runs, "p99_ms"))));
      step.put("max_ms", values(runs, "max_ms").stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
      List<Double> p99 = values(runs, "p99_ms");
      step.put("p99_spread_ms", List.of(p99.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
          p99.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)));
      step.put("due", values(runs, "due").stream().mapToLong(Double::longValue).sum());
      step.put("answered_2xx", values(runs, "answered_2xx").stream().mapToLong(Double::longValue).sum());
      Map<Object, Long> other = new TreeMap<>();
      runs.forEach(r -> ((Map<?, ?>) r.get("other_statuses")).forEach((status, n) -> other.merge(String.valueOf(status),
          ((Number) n).longValue(), Long::sum)));
      step.put("other_statuses", other);
      step.put("errors", values(runs, "errors").stream().mapToLong(Double::longValue).sum());
      step.put("missed", values(runs, "missed").stream().mapToLong(Double::longValue).sum());
      step.put("server_cores_busy", Latencies.round(Latencies.median(values(runs, "server_cores_busy"))));
      step.put("rounds_passed", runs.stream().filter(r -> passes(r, p99LimitMs)).count());
      step.put("rounds", runs);
      steps.add(step);
    });
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("ceiling_per_second", ceilings.isEmpty() ? 0 : Latencies.median(ceilings));
    summary.put("ceiling_spread", List.of(ceilings.stream().mapToDouble(Double::doubleValue).min().orElse(0),
        ceilings.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
    summary.put("steps", steps);
    return summary;
  }

  private static boolean passes(Map<String, Object> step, double p99LimitMs) {
    return ((Number) step.get("answered_2xx")).longValue() == ((Number) step.get("due")).longValue()
        && ((Number) step.get("errors")).longValue() == 0 && ((Number) step.get("missed")).longValue() == 0
        && ((Number) step.get("p99_ms")).doubleValue() < p99LimitMs;
  }

  private static List<Double> values(List<Map<String, Object>> runs, String key) {
    return runs.stream().map(r -> ((Number) r.get(key)).doubleValue()).toList();
  }
}
