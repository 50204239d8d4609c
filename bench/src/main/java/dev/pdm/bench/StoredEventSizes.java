package dev.pdm.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What a run's events take in pdm's store, read over JDBC: per event type, the mean stored size of the payload
 * ({@code pg_column_size}, after PostgreSQL's compression) in the first and the last fifth of the run, and the run's
 * state and the events table as a whole.
 */
final class StoredEventSizes {
  private StoredEventSizes() {
  }

  static Map<String, Object> of(String jdbcUrl, UUID runId) throws Exception {
    try (Connection db = DriverManager.getConnection(jdbcUrl)) {
      List<long[]> sizes = new ArrayList<>();
      List<String> types = new ArrayList<>();
      try (PreparedStatement query = db.prepareStatement("SELECT seq, type, pg_column_size(payload) FROM run_events "
          + "WHERE run_id = ? ORDER BY seq")) {
        query.setObject(1, runId);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            sizes.add(new long[] {rows.getLong(1), rows.getLong(3)});
            types.add(rows.getString(2));
          }
        }
      }
      int fifth = sizes.size() / 5;
      Map<String, Object> first = byType(sizes.subList(0, fifth), types.subList(0, fifth));
      Map<String, Object> last = byType(sizes.subList(sizes.size() - fifth, sizes.size()),
          types.subList(sizes.size() - fifth, sizes.size()));
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("events", sizes.size());
      result.put("first_fifth", first);
      result.put("last_fifth", last);
      result.put("run_state_bytes", single(db, "SELECT octet_length(state::text) FROM runs WHERE id = ?", runId));
      result.put("run_events_table_bytes", single(db, "SELECT pg_total_relation_size('run_events')", null));
      return result;
    }
  }

  /** Per type, sorted by name: events, mean and max bytes; and {@code all}: the same over every event. */
  private static Map<String, Object> byType(List<long[]> sizes, List<String> types) {
    Map<String, long[]> sums = new TreeMap<>();
    for (int i = 0; i < sizes.size(); i++) {
      for (String key : List.of(types.get(i), "all")) {
        long[] sum = sums.computeIfAbsent(key, k -> new long[3]);
        sum[0]++;
        sum[1] += sizes.get(i)[1];
        sum[2] = Math.max(sum[2], sizes.get(i)[1]);
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    sums.forEach((type, sum) -> result.put(type, Map.of("events", sum[0], "mean_bytes",
        Latencies.round((double) sum[1] / sum[0]), "max_bytes", sum[2])));
    return result;
  }

  private static long single(Connection db, String sql, UUID runId) throws Exception {
    try (PreparedStatement query = db.prepareStatement(sql)) {
      if (runId != null) {
        query.setObject(1, runId);
      }
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
