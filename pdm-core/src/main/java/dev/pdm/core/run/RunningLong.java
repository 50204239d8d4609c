package dev.pdm.core.run;

import java.time.Instant;
import java.util.Optional;

/**
 * A migration announced as running past its duration budget: {@code max(factor × staging duration, floor)}. It is
 * never stopped; the announcement is made once per attempt.
 *
 * @param version        the migration's version
 * @param className      its class
 * @param elapsedSeconds how long it had been running when announced
 * @param budgetSeconds  its budget
 * @param stagingSeconds how long it took on staging, when known
 * @param at             when it was announced
 */
public record RunningLong(String version, String className, double elapsedSeconds, double budgetSeconds,
    Optional<Double> stagingSeconds, Instant at) {
}
