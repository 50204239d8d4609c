package dev.pdm.core.run;

import java.time.Instant;

/**
 * One {@code POST /pipeline} pdm made for an attempt, recorded before it was sent, with where it went: a later search
 * for its pipeline looks there and after that time, whatever the configuration says by then.
 *
 * @param send    1 for the attempt's first POST, +1 for each POST after GitLab refused the previous one
 * @param project the project the pipeline was created in
 * @param ref     the ref it was created on
 * @param at      when pdm recorded that it was about to send it
 */
public record SentTrigger(int send, String project, String ref, Instant at) {
}
