package dev.pdm.core.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every API path pdm calls falls in one of a few endpoint classes, whatever its project, ids or file path. */
class GitLabEndpointTest {

  @ParameterizedTest
  @CsvSource({
      "/version, instance",
      "/user, instance",
      "/groups/gitlab-org%2Fmaintainers%2Fdatabase/members/all, groups",
      "/projects/gitlab-org%2Fgitlab, projects",
      "/projects/gitlab-org%2Fgitlab/pipeline, pipelines",
      "/projects/gitlab-org%2Fgitlab/pipelines, pipelines",
      "/projects/12/pipelines/46, pipelines",
      "/projects/12/pipelines/46/retry, pipelines",
      "/projects/12/pipelines/46/jobs, pipeline_jobs",
      "/projects/12/pipelines/46/variables, pipeline_variables",
      "/projects/12/jobs/7, jobs",
      "/projects/12/jobs/7/trace, job_trace",
      "/projects/12/environments, environments",
      "/projects/12/deployments/3, deployments",
      "/projects/12/repository/files/db%2Fpost_migrate%2Fx.rb/raw, repository",
      "/projects/12/repository/commits/abc123/merge_requests, repository",
      "/projects/12/merge_requests/5/approval_state, merge_requests",
      "/projects/12/issues/9, issues",
      "/projects/12/issues/9/notes, issue_notes",
      "/projects/12/hooks, hooks",
      "/projects/12/wikis, other",
      "/unknown, other"
  })
  void classifiesThePath(String path, String endpoint) {
    assertThat(GitLabEndpoint.classify(path)).isEqualTo(endpoint);
    assertThat(GitLabEndpoint.CLASSES).contains(endpoint);
  }
}
