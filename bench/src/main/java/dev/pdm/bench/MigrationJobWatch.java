package dev.pdm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Watches the simulated GitLab's migration job as it runs, every {@value #EVERY_MS} ms ({@code /-/sandbox/state}: its
 * log's length and status): when its log first passed a byte, when it first showed as failed. A moment is known to
 * the sampling interval: the sample that first sees a change comes at most one interval (and one state request) after
 * the change.
 */
final class MigrationJobWatch implements AutoCloseable {
  static final int EVERY_MS = 50;
  private final PdmUnderBench pdm;
  private final String jobName;
  private final long newerThan;
  /** Each change of the log's length: when a sample first saw it (nanoTime) and the length. */
  private final List<long[]> lengths = new ArrayList<>();
  private final Thread thread;
  private volatile boolean stopped;
  private long jobId;
  private long failedAt;

  private MigrationJobWatch(PdmUnderBench pdm, String jobName, long newerThan) {
    this.pdm = pdm;
    this.jobName = jobName;
    this.newerThan = newerThan;
    this.thread = new Thread(this::watch, "watch of " + jobName);
    thread.setDaemon(true);
  }

  /** Starts watching the first job named {@code jobName} created from now on (its id above every existing one's). */
  static MigrationJobWatch start(PdmUnderBench pdm, String jobName) throws Exception {
    long newest = jobs(pdm, jobName).stream().mapToLong(j -> j.path("id").asLong()).max().orElse(0);
    MigrationJobWatch watch = new MigrationJobWatch(pdm, jobName, newest);
    watch.thread.start();
    return watch;
  }

  private static List<JsonNode> jobs(PdmUnderBench pdm, String jobName) throws Exception {
    List<JsonNode> named = new ArrayList<>();
    for (JsonNode list : new ObjectMapper().readTree(pdm.getGitLab("/-/sandbox/state")).findValues("jobs")) {
      list.forEach(job -> {
        if (jobName.equals(job.path("name").asText())) {
          named.add(job);
        }
      });
    }
    return named;
  }

  private void watch() {
    while (!stopped) {
      try {
        long now = System.nanoTime();
        JsonNode job = jobs(pdm, jobName).stream().filter(j -> j.path("id").asLong() > newerThan)
            .max(java.util.Comparator.comparingLong(j -> j.path("id").asLong())).orElse(null);
        if (job != null) {
          record(now, job.path("id").asLong(), job.path("trace_bytes").asLong(), job.path("status").asText());
        }
        Thread.sleep(EVERY_MS);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        // A state request that failed (the machine is loaded): the next sample comes soon.
        System.out.println("sandbox state: " + e.getMessage());
      }
    }
  }

  private synchronized void record(long now, long id, long length, String status) {
    jobId = id;
    if (lengths.isEmpty() || lengths.get(lengths.size() - 1)[1] != length) {
      lengths.add(new long[] {now, length});
    }
    if (failedAt == 0 && "failed".equals(status)) {
      failedAt = now;
    }
  }

  /** The job watched, once it exists. */
  synchronized OptionalLong jobId() {
    return jobId == 0 ? OptionalLong.empty() : OptionalLong.of(jobId);
  }

  /** When (nanoTime) a sample first saw the job's log longer than {@code offset} bytes. */
  synchronized OptionalLong firstPast(long offset) {
    return lengths.stream().filter(s -> s[1] > offset).mapToLong(s -> s[0]).findFirst();
  }

  /** When (nanoTime) a sample first saw the job failed. */
  synchronized OptionalLong failedAt() {
    return failedAt == 0 ? OptionalLong.empty() : OptionalLong.of(failedAt);
  }

  /** The job log's length at the last sample. */
  synchronized long length() {
    return lengths.isEmpty() ? 0 : lengths.get(lengths.size() - 1)[1];
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.interrupt();
    thread.join();
  }
}
