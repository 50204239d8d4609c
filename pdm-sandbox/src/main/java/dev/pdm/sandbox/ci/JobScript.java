package dev.pdm.sandbox.ci;

import dev.pdm.sandbox.state.Job;
import java.time.Instant;

/** Plans what a job does when a runner picks it up (at {@code start}). */
interface JobScript {
  JobRun plan(Job job, Instant start);
}
