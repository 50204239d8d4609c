package dev.pdm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the simulated GitLab sent of one job's log, answer by answer ({@code /-/sandbox/traffic}'s
 * {@code trace_answers}): the polls that follow the log (a range from the stored offset: 206, or 416 when nothing is
 * new; the first one from byte 0) apart from the whole-log reads after the first (from byte 0 again: triage reading
 * the failed log). For each poll, a whole-log download (the old behaviour) would have read the log as long as it was
 * then: the first byte asked for plus what was sent.
 */
record TraceReads(List<long[]> polls, List<Long> wholeReads, long otherAnswers) {

  /** Each poll as {first byte, bytes sent}. */
  static TraceReads of(JsonNode traffic, long job) {
    List<long[]> polls = new ArrayList<>();
    List<Long> whole = new ArrayList<>();
    long other = 0;
    for (JsonNode answer : traffic.path("trace_answers")) {
      if (answer.path("job").asLong() != job) {
        continue;
      }
      long from = answer.path("from").asLong();
      long bytes = answer.path("bytes").asLong();
      int status = answer.path("status").asInt();
      if (status == 200) {
        other++;
      } else if (from == 0 && !polls.isEmpty()) {
        whole.add(bytes);
      } else {
        polls.add(new long[] {from, bytes});
      }
    }
    return new TraceReads(polls, whole, other);
  }

  Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("polls", polls.size());
    json.put("polls_with_nothing_new", polls.stream().filter(p -> p[1] == 0).count());
    json.put("mean_bytes_per_poll", Math.round(polls.stream().mapToLong(p -> p[1]).average().orElse(0)));
    json.put("max_bytes_per_poll", polls.stream().mapToLong(p -> p[1]).max().orElse(0));
    json.put("whole_log_download_mean_bytes_per_poll",
        Math.round(polls.stream().mapToLong(p -> p[0] + p[1]).average().orElse(0)));
    json.put("whole_log_download_max_bytes_per_poll", polls.stream().mapToLong(p -> p[0] + p[1]).max().orElse(0));
    json.put("bytes_read_following", polls.stream().mapToLong(p -> p[1]).sum());
    json.put("whole_log_download_bytes_following", polls.stream().mapToLong(p -> p[0] + p[1]).sum());
    json.put("whole_log_reads_bytes", wholeReads);
    json.put("unranged_answers", otherAnswers);
    return json;
  }
}
