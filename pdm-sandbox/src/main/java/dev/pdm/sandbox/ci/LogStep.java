package dev.pdm.sandbox.ci;

import java.time.Duration;

/** Text a job writes to its log {@code at} after it starts, with a side effect at that moment. */
record LogStep(Duration at, String text, Runnable effect) {
}
