package dev.pdm.sandbox.ci;

import dev.pdm.sandbox.state.Job;
import java.time.Duration;
import java.util.function.Consumer;

/** What a job writes to its log {@code at} after it starts, with a side effect at that moment. */
record LogStep(Duration at, Consumer<Job> write, Runnable effect) {
}
