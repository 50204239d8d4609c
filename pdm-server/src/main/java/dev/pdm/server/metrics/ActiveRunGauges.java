package dev.pdm.server.metrics;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, every {@link #INTERVAL}, how many runs are not yet ended by status and how long the oldest decision has been
 * waiting, from the store: every replica reports the same, whichever drives the runs, and a restart loses nothing.
 */
public final class ActiveRunGauges {
  static final Duration INTERVAL = Duration.ofSeconds(15);
  private static final Logger LOG = LoggerFactory.getLogger(ActiveRunGauges.class);
  /** A waiting run's state stops changing when it starts to wait: its run's updated_at is when it started. */
  private static final String QUERY = "SELECT status, count(*) AS runs, "
      + "extract(epoch FROM now() - min((state -> 'run' ->> 'updated_at')::timestamptz)) AS longest "
      + "FROM runs WHERE active GROUP BY status";
  private final Vertx vertx;
  private final Pool pool;
  private final PdmMetrics metrics;
  private long timer = -1;

  public ActiveRunGauges(Vertx vertx, Pool pool, PdmMetrics metrics) {
    this.vertx = vertx;
    this.pool = pool;
    this.metrics = metrics;
  }

  public void start() {
    timer = vertx.setPeriodic(0, INTERVAL.toMillis(), id -> read());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void read() {
    pool.query(QUERY).execute()
        .onSuccess(rows -> {
          Map<String, Long> byStatus = new HashMap<>();
          double longestWait = 0;
          for (Row row : rows) {
            byStatus.put(row.getString("status"), row.getLong("runs"));
            if ("waiting_for_decision".equals(row.getString("status")) && row.getValue("longest") != null) {
              longestWait = row.getNumeric("longest").doubleValue();
            }
          }
          metrics.activeRuns(byStatus, Duration.ofMillis((long) (longestWait * 1000)));
        })
        .onFailure(err -> LOG.warn("reading active runs for metrics failed: {}", err.getMessage()));
  }
}
