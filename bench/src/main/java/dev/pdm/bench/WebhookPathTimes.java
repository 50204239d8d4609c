package dev.pdm.bench;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the time of one webhook → screen sample goes (the profile of benchmark 2), from timestamps taken on this
 * machine's one clock: the benchmark's own moments (GitLab changed, the webhook posted, answered, the first client got
 * the event) and the stored event's ({@link BenchPostgres.EventTimes}: built by pdm after its GitLab reads, its
 * transaction started, committed).
 */
final class WebhookPathTimes {
  /** The phases, in the order they happen, each from the end of the one before. */
  static final List<String> PHASES = List.of(
      "gitlab_changed_to_webhook_posted",
      "webhook_posted_to_answered",
      "webhook_posted_to_event_built",
      "event_built_to_transaction_started",
      "transaction_started_to_committed",
      "committed_to_first_client",
      "webhook_posted_to_first_client");
  private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
  private final BenchPostgres database;
  private final String runId;
  /** Epoch nanoseconds minus {@link System#nanoTime}: turns the benchmark's moments into the store's clock. */
  private final long epochMinusNano;
  private final Map<String, List<Long>> nanos = new LinkedHashMap<>();

  WebhookPathTimes(BenchPostgres database, String runId) {
    this.database = database;
    this.runId = runId;
    Instant now = Instant.now();
    this.epochMinusNano = now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
    PHASES.forEach(phase -> nanos.put(phase, new ArrayList<>()));
  }

  /**
   * One sample: GitLab changed at {@code changedAt}, the webhook was {@code posted}, and the first client got
   * {@code message} (the event, which names its {@code seq}) at {@code firstReceived} (all nanoTime).
   */
  void add(long changedAt, FollowedJobChanges.Posted posted, long firstReceived, String message) throws SQLException {
    Matcher seq = SEQ.matcher(message);
    if (!seq.find()) {
      throw new IllegalArgumentException("the live message names no seq: " + message);
    }
    BenchPostgres.EventTimes stored = database.eventTimes(runId, Long.parseLong(seq.group(1)));
    long built = epochNanos(stored.built()) - epochMinusNano;
    long started = epochNanos(stored.transactionStarted()) - epochMinusNano;
    long committed = epochNanos(stored.committed()) - epochMinusNano;
    nanos.get(PHASES.get(0)).add(posted.at() - changedAt);
    nanos.get(PHASES.get(1)).add(posted.answeredAt() - posted.at());
    nanos.get(PHASES.get(2)).add(built - posted.at());
    nanos.get(PHASES.get(3)).add(started - built);
    nanos.get(PHASES.get(4)).add(committed - started);
    nanos.get(PHASES.get(5)).add(firstReceived - committed);
    nanos.get(PHASES.get(6)).add(firstReceived - posted.at());
  }

  /** Per phase: p50, p99 and max in milliseconds over the samples added. */
  Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    nanos.forEach((phase, samples) -> {
      Latencies latencies = Latencies.of(samples.stream().mapToLong(Long::longValue).toArray(), samples.size());
      Map<String, Object> summary = new LinkedHashMap<>(latencies.json());
      summary.remove("expected");
      json.put(phase, summary);
    });
    return json;
  }

  private static long epochNanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
