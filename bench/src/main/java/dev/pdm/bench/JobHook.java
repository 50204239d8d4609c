package dev.pdm.bench;

import java.util.Locale;

/**
 * A GitLab {@code Job Hook} delivery as GitLab sends it ({@code object_kind: build}, the fields and size of the
 * simulated GitLab's and GitLab's own payloads, about 2 KB): what pdm takes as a hint to read the job's pipeline.
 */
record JobHook(long projectId, long pipelineId, long jobId, String name, String stage, String status) {
  static final String EVENT = "Job Hook";

  String body() {
    return String.format(Locale.ROOT, """
        {"object_kind":"build","ref":"master","tag":false,"before_sha":"0000000000000000000000000000000000000000",\
        "sha":"5d9bce4b4d7f9c8a8e3f1c2b6a0d9e8f7c6b5a49","build_id":%d,"build_name":"%s","build_stage":"%s",\
        "build_status":"%s","build_created_at":"2024-11-08 12:00:01 UTC","build_created_at_iso":"2024-11-08T12:00:01Z",\
        "build_started_at":"2024-11-08 12:00:06 UTC","build_started_at_iso":"2024-11-08T12:00:06Z",\
        "build_finished_at":null,"build_finished_at_iso":null,"build_duration":12.5,"build_queued_duration":4.1,\
        "build_allow_failure":false,"build_failure_reason":"unknown_failure","retries_count":0,"pipeline_id":%d,\
        "project_id":%d,"project_name":"gitlab-com / gl-infra / deployer","user":{"id":9001,"name":"PDM Bot",\
        "username":"pdm-bot","avatar_url":null,"email":"[REDACTED]"},"commit":{"id":%d,"name":null,\
        "sha":"5d9bce4b4d7f9c8a8e3f1c2b6a0d9e8f7c6b5a49",\
        "message":"Merge branch 'update-gitaly-version' into 'master'",\
        "author_name":"GitLab Release Tools Bot","author_email":"[REDACTED]",\
        "author_url":"https://gitlab.example.com/gitlab-release-tools-bot","status":"running","duration":null,\
        "started_at":"2024-11-08 12:00:02 UTC","started_at_iso":"2024-11-08T12:00:02Z","finished_at":null,\
        "finished_at_iso":null},"repository":{"name":"deployer",\
        "url":"git@gitlab.example.com:gitlab-com/gl-infra/deployer.git",\
        "description":"Deploys GitLab.com","homepage":"https://gitlab.example.com/gitlab-com/gl-infra/deployer",\
        "git_ssh_url":"git@gitlab.example.com:gitlab-com/gl-infra/deployer.git",\
        "git_http_url":"https://gitlab.example.com/gitlab-com/gl-infra/deployer.git","visibility_level":0},\
        "project":{"id":%d,"name":"deployer","description":"Deploys GitLab.com",\
        "web_url":"https://gitlab.example.com/gitlab-com/gl-infra/deployer","avatar_url":null,\
        "git_ssh_url":"git@gitlab.example.com:gitlab-com/gl-infra/deployer.git",\
        "git_http_url":"https://gitlab.example.com/gitlab-com/gl-infra/deployer.git","namespace":"gl-infra",\
        "visibility_level":0,"path_with_namespace":"gitlab-com/gl-infra/deployer","default_branch":"master",\
        "ci_config_path":null},"runner":{"id":380987,"description":"shared-runners-manager-6.gitlab.com",\
        "runner_type":"instance_type","active":true,"is_shared":true,"tags":["linux","docker"]},\
        "environment":null,"source_pipeline":null}""", jobId, name, stage, status, pipelineId, projectId, pipelineId,
        projectId);
  }
}
