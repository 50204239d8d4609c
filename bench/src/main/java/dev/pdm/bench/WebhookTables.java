package dev.pdm.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tables of {@link WebhookBench}'s report, in Markdown. */
final class WebhookTables {
  private WebhookTables() {
  }

  static String of(Map<String, Object> report) {
    StringBuilder md = new StringBuilder();
    if (report.get("screen") instanceof Map<?, ?> screen) {
      md.append("Webhook → screen (").append(screen.get("samples_per_round"))
          .append(" samples per round and server, ")
          .append(report.get("rounds")).append(" rounds after a warm-up)\n\n")
          .append("| background webhooks/s | event bytes | pdm p50 | pdm p99 (spread) | pdm max | bare p50 |"
              + " bare p99 (spread) | bare max | all received | pdm GitLab requests/s | background answers p99"
              + " pdm / bare |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
      for (Object o : (List<?>) screen.get("results")) {
        Map<?, ?> r = (Map<?, ?>) o;
        Map<?, ?> p = (Map<?, ?>) r.get("pdm");
        Map<?, ?> b = (Map<?, ?>) r.get("bare_vertx");
        md.append(String.format(Locale.ROOT, "| %s | %s | %s ms | %s ms (%s) | %s ms | %s ms | %s ms (%s) | %s ms |"
                + " %s | %s | %s / %s ms |%n", r.get("background_webhooks_per_second"), r.get("event_bytes"),
            p.get("p50_ms"), p.get("p99_ms"), spread(p.get("p99_spread_ms")), p.get("max_ms"), b.get("p50_ms"),
            b.get("p99_ms"), spread(b.get("p99_spread_ms")), b.get("max_ms"),
            Boolean.TRUE.equals(p.get("all_received")) && Boolean.TRUE.equals(b.get("all_received")) ? "yes" : "no",
            r.get("pdm_gitlab_requests_per_second"), ((Map<?, ?>) r.get("pdm_background_answers")).get("p99_ms"),
            ((Map<?, ?>) r.get("bare_background_answers")).get("p99_ms")));
      }
      md.append("\npdm from GitLab's change (adds the benchmark's own two GitLab reads that find the change) and where"
          + " a sample's time goes, p50 / p99 / max in ms over every sample of the rounds:\n\n"
          + "| background webhooks/s | from GitLab's change p50 / p99 | ")
          .append(String.join(" | ", WebhookPathTimes.PHASES).replace('_', ' '))
          .append(" |\n|---|---|").append("---|".repeat(WebhookPathTimes.PHASES.size())).append('\n');
      for (Object o : (List<?>) screen.get("results")) {
        Map<?, ?> r = (Map<?, ?>) o;
        Map<?, ?> c = (Map<?, ?>) r.get("pdm_from_gitlab_change");
        Map<?, ?> path = (Map<?, ?>) r.get("pdm_path");
        md.append("| ").append(r.get("background_webhooks_per_second")).append(" | ").append(c.get("p50_ms"))
            .append(" / ").append(c.get("p99_ms")).append(" |");
        for (String phase : WebhookPathTimes.PHASES) {
          Map<?, ?> t = (Map<?, ?>) path.get(phase);
          md.append(' ').append(t.get("p50_ms")).append(" / ").append(t.get("p99_ms")).append(" / ")
              .append(t.get("max_ms")).append(" |");
        }
        md.append('\n');
      }
      for (Object o : (List<?>) screen.get("results")) {
        Map<?, ?> r = (Map<?, ?>) o;
        if (r.get("stopped_by") != null) {
          md.append("\nAt ").append(r.get("background_webhooks_per_second")).append(" webhooks/s the samples stopped: ")
              .append(r.get("stopped_by")).append('\n');
        }
      }
      md.append('\n');
    }
    if (report.get("ingest") instanceof Map<?, ?> ingest) {
      Map<?, ?> pdm = (Map<?, ?>) ingest.get("pdm");
      Map<?, ?> bare = (Map<?, ?>) ingest.get("bare_vertx");
      md.append("Webhook ingest, open loop (").append(ingest.get("step_seconds")).append(" s per step after ")
          .append(ingest.get("warmup_seconds")).append(" s of warm-up, ").append(ingest.get("connections"))
          .append(" connections; medians over ").append(report.get("rounds")).append(" rounds)\n\n")
          .append("| rate/s | pdm sent/s | pdm p50 | pdm p99 (spread) | pdm max | pdm not 2xx / errors / missed |"
              + " pdm cores | bare p50 | bare p99 (spread) | bare max | bare not 2xx / errors / missed |"
              + " rounds passed pdm / bare |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
      List<?> pdmSteps = (List<?>) pdm.get("steps");
      List<?> bareSteps = (List<?>) bare.get("steps");
      for (int i = 0; i < pdmSteps.size(); i++) {
        Map<?, ?> p = (Map<?, ?>) pdmSteps.get(i);
        Map<?, ?> b = i < bareSteps.size() ? (Map<?, ?>) bareSteps.get(i) : Map.of();
        md.append(String.format(Locale.ROOT, "| %s | %s | %s ms | %s ms (%s) | %s ms | %s | %s | %s ms | %s ms (%s) |"
                + " %s ms | %s | %s / %s |%n", p.get("rate"), p.get("achieved_rate"), p.get("p50_ms"),
            p.get("p99_ms"), spread(p.get("p99_spread_ms")), p.get("max_ms"), failures(p), p.get("server_cores_busy"),
            b.get("p50_ms"), b.get("p99_ms"), spread(b.get("p99_spread_ms")), b.get("max_ms"), failures(b),
            p.get("rounds_passed"), b.get("rounds_passed")));
      }
      md.append(String.format(Locale.ROOT, "%nCeiling (every answer 2xx, p99 < 100 ms): pdm %s/s (rounds %s),"
              + " bare %s/s (rounds %s)%n", pdm.get("ceiling_per_second"), spread(pdm.get("ceiling_spread")),
          bare.get("ceiling_per_second"), spread(bare.get("ceiling_spread"))));
    }
    md.append(String.format(Locale.ROOT, "%nWebhooks the simulated GitLab delivered itself: %s%n",
        report.get("simulated_gitlab_webhooks_delivered")));
    return md.toString();
  }

  private static String spread(Object range) {
    return range instanceof List<?> list && list.size() == 2 ? list.get(0) + "–" + list.get(1) : "–";
  }

  private static String failures(Map<?, ?> step) {
    Object other = step.get("other_statuses");
    long notOk = other instanceof Map<?, ?> map ? map.values().stream().mapToLong(n -> ((Number) n).longValue()).sum()
        : 0;
    return notOk + (other instanceof Map<?, ?> map && !map.isEmpty() ? " " + map : "") + " / " + step.get("errors")
        + " / " + step.get("missed");
  }
}
