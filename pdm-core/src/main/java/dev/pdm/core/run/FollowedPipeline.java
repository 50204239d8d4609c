package dev.pdm.core.run;

import java.time.Instant;

/**
 * The pipeline an attempt follows.
 *
 * @param id            GitLab pipeline id
 * @param webUrl        link for people
 * @param status        the latest status seen (never moves backwards)
 * @param triggeredAt   when pdm learned of it
 * @param foundExisting true when the executor found it by its marker variables instead of creating it (crash recovery)
 */
public record FollowedPipeline(long id, String webUrl, CiStatus status, Instant triggeredAt, boolean foundExisting) {

  FollowedPipeline withStatus(CiStatus next) {
    return new FollowedPipeline(id, webUrl, next, triggeredAt, foundExisting);
  }
}
