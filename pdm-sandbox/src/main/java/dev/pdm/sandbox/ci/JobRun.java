package dev.pdm.sandbox.ci;

import java.time.Duration;
import java.util.List;

/**
 * What a job will do once started: log steps over time, then succeed or fail at {@code end};
 * a failed job is retried by GitLab up to {@code autoRetries} times (CI's {@code retry:}).
 */
record JobRun(List<LogStep> steps, Duration end, boolean succeeds, int autoRetries) {

  /** The same run, retried by GitLab up to {@code times} when it fails. */
  JobRun retriedUpTo(int times) {
    return new JobRun(steps, end, succeeds, times);
  }
}
