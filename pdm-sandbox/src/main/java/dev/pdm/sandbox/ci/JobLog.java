package dev.pdm.sandbox.ci;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a job log the way GitLab Runner does: ANSI colours, {@code section_start}/
 * {@code section_end} markers with epoch timestamps, each line at its simulated time.
 */
final class JobLog {
  static final String RESET = "\u001b[0;m";
  static final String CLEAR = "\u001b[0K";
  static final String BOLD_GREEN = "\u001b[32;1m";
  static final String BOLD_RED = "\u001b[31;1m";
  static final String BOLD_CYAN = "\u001b[36;1m";
  private static final Runnable NOTHING = () -> { };

  private final Instant start;
  private final List<LogStep> steps = new ArrayList<>();
  private Duration cursor = Duration.ZERO;

  JobLog(Instant start) {
    this.start = start;
  }

  /** Standard runner preamble up to the start of the job script, for a commit and ref. */
  static JobLog started(Instant start, String image, String sha, String ref) {
    JobLog log = new JobLog(start);
    log.line(CLEAR + "Running with gitlab-runner 17.5.3 (12030cf4)" + RESET)
        .line(CLEAR + "  on sandbox-runner-1 sBx9Kq2, system ID: s_5e1f0c2d3a4b" + RESET)
        .section("prepare_executor", "Preparing the \"docker+machine\" executor")
        .line(CLEAR + "Using Docker executor with image " + image + " ..." + RESET)
        .pause(4)
        .line(CLEAR + "Using docker image sha256:3f1c2a9 for " + image + " ..." + RESET)
        .endSection("prepare_executor")
        .section("get_sources", "Getting source from Git repository")
        .line(BOLD_GREEN + "Fetching changes with git depth set to 20..." + RESET)
        .pause(3)
        .line(BOLD_GREEN + "Checking out " + sha.substring(0, 8) + " as detached HEAD (ref is "
            + ref + ")..." + RESET)
        .endSection("get_sources")
        .section("step_script", "Executing \"step_script\" stage of the job script");
    return log;
  }

  JobLog line(String text) {
    return write(text + "\n", NOTHING);
  }

  /** A line written at the current time with a side effect happening at that moment. */
  JobLog line(String text, Runnable effect) {
    return write(text + "\n", effect);
  }

  JobLog command(String command) {
    return line(BOLD_GREEN + "$ " + command + RESET);
  }

  JobLog pause(double seconds) {
    cursor = cursor.plusMillis(Math.round(seconds * 1000));
    return this;
  }

  JobLog section(String name, String title) {
    return write("section_start:" + epoch() + ":" + name + "\r" + CLEAR + CLEAR + BOLD_CYAN
        + title + RESET + RESET + "\n", NOTHING);
  }

  JobLog endSection(String name) {
    return write("section_end:" + epoch() + ":" + name + "\r" + CLEAR, NOTHING);
  }

  /** Ends the script and the job as a success. */
  JobRun succeed() {
    endSection("step_script")
        .section("cleanup_file_variables", "Cleaning up project directory and file based variables")
        .pause(1)
        .endSection("cleanup_file_variables")
        .line(BOLD_GREEN + "Job succeeded" + RESET);
    return new JobRun(List.copyOf(steps), cursor, true, 0);
  }

  /** Ends the script and the job as a failure with this exit code. */
  JobRun fail(int exitCode) {
    endSection("step_script")
        .section("cleanup_file_variables", "Cleaning up project directory and file based variables")
        .pause(1)
        .endSection("cleanup_file_variables")
        .line(BOLD_RED + "ERROR: Job failed: exit code " + exitCode + RESET);
    return new JobRun(List.copyOf(steps), cursor, false, 0);
  }

  /**
   * Prints {@code bytes} of {@code output} (rounded down to whole batches) evenly over {@code seconds}, one part per
   * simulated second.
   */
  JobLog bulk(BulkOutput output, long bytes, double seconds) {
    long batches = bytes / output.batchLength();
    int parts = (int) Math.max(1, Math.round(seconds));
    for (int part = 0; part < parts; part++) {
      long count = batches / parts + (part < batches % parts ? 1 : 0);
      pause(seconds / parts);
      steps.add(new LogStep(cursor, job -> job.appendTrace(output, count * output.batchLength()), NOTHING));
    }
    return this;
  }

  private JobLog write(String text, Runnable effect) {
    steps.add(new LogStep(cursor, job -> job.appendTrace(text), effect));
    return this;
  }

  private long epoch() {
    return start.plus(cursor).getEpochSecond();
  }
}
