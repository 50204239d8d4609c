package dev.pdm.core.run;

/**
 * The migration job an attempt follows ({@code <env>-postdeploy-migrations}).
 *
 * @param id     GitLab job id; the first job of that name seen in the pipeline is the one followed
 * @param name   the job name
 * @param status the latest status seen (never moves backwards)
 * @param webUrl link for people
 */
public record FollowedJob(long id, String name, CiStatus status, String webUrl) {

  FollowedJob withStatus(CiStatus next, String url) {
    return new FollowedJob(id, name, next, url);
  }
}
