package dev.pdm.sandbox.ci;

import java.time.Duration;
import java.util.List;

/** What a job will do once started: log steps over time, then succeed or fail at {@code end}. */
record JobRun(List<LogStep> steps, Duration end, boolean succeeds) {
}
