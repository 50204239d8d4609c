package dev.pdm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import org.gitlab4j.api.GitLabApi;
import org.gitlab4j.api.models.ApprovalState;
import org.gitlab4j.api.models.CompareResults;
import org.gitlab4j.api.models.Deployment;
import org.gitlab4j.api.models.DeploymentFilter;
import org.gitlab4j.api.models.Environment;
import org.gitlab4j.api.models.Issue;
import org.gitlab4j.api.models.IssueFilter;
import org.gitlab4j.api.models.Job;
import org.gitlab4j.api.models.LabelEvent;
import org.gitlab4j.api.models.Member;
import org.gitlab4j.api.models.MergeRequest;
import org.gitlab4j.api.models.MergeRequestParams;
import org.gitlab4j.api.models.Note;
import org.gitlab4j.api.models.Pipeline;
import org.gitlab4j.api.models.PipelineFilter;
import org.gitlab4j.api.models.PipelineStatus;
import org.gitlab4j.api.models.Project;
import org.gitlab4j.api.models.User;
import org.gitlab4j.api.models.Variable;
import org.gitlab4j.models.Constants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The independent gitlab4j-api client reads and writes the sandbox into its typed models. */
class Gitlab4jClientTest {
  private static final String CANONICAL = "gitlab-org/gitlab";
  private static final String DEPLOYER = "gitlab-com/gl-infra/deployer";
  private static RunningSandbox running;
  private static GitLabApi gitlab;

  @BeforeAll
  static void start() {
    running = RunningSandbox.start("happy");
    gitlab = new GitLabApi(running.sandbox.url(), running.sandbox.token());
  }

  @AfterAll
  static void stop() {
    gitlab.close();
    running.close();
  }

  @Test
  void readsTheCurrentUserAndAProjectByPath() throws Exception {
    User user = gitlab.getUserApi().getCurrentUser();
    Project project = gitlab.getProjectApi().getProject(CANONICAL);

    assertThat(user.getUsername()).isEqualTo("pdm-bot");
    assertThat(project.getId()).isEqualTo(278964L);
    assertThat(project.getPathWithNamespace()).isEqualTo(CANONICAL);
    assertThat(project.getDefaultBranch()).isEqualTo("master");
  }

  @Test
  void createsAMigrationPipelineAndFollowsItsJobsAndLog() throws Exception {
    Pipeline created = gitlab.getPipelineApi().createPipeline(DEPLOYER, "master", List.of(
        new Variable("DEPLOY_ENVIRONMENT", "gstg"), new Variable("PDM_RUN_ID", "r-7")));
    running.runUntilIdle();

    Pipeline done = gitlab.getPipelineApi().getPipeline(DEPLOYER, created.getId());
    List<Variable> variables = gitlab.getPipelineApi().getPipelineVariables(DEPLOYER,
        created.getId());
    List<Job> jobs = gitlab.getJobApi().getJobsForPipeline(DEPLOYER, created.getId());
    Job migrations = jobs.stream().filter(j -> j.getName().equals("gstg-postdeploy-migrations"))
        .findFirst().orElseThrow();
    String trace = gitlab.getJobApi().getTrace(DEPLOYER, migrations.getId());

    assertThat(created.getStatus()).isEqualTo(PipelineStatus.CREATED);
    assertThat(done.getStatus()).isEqualTo(PipelineStatus.SUCCESS);
    assertThat(done.getFinishedAt()).isAfter(done.getStartedAt());
    assertThat(variables).extracting(Variable::getKey).contains("PDM_RUN_ID");
    assertThat(jobs).hasSize(3);
    assertThat(gitlab.getJobApi().getJob(DEPLOYER, migrations.getId()).getStage())
        .isEqualTo("migrate");
    assertThat(trace).contains("AddIndexCiPipelinesOnAutoCanceledById: migrated");
    assertThat(gitlab.getPipelineApi().getPipelines(DEPLOYER, new PipelineFilter()
        .withStatus(PipelineStatus.SUCCESS).withRef("master"))).extracting(Pipeline::getId)
        .contains(created.getId());
  }

  @Test
  void retriesAndCancelsPipelines() throws Exception {
    Pipeline created = gitlab.getPipelineApi().createPipeline(DEPLOYER, "master",
        List.of(new Variable("DEPLOY_ENVIRONMENT", "gprd")));
    running.advance(java.time.Duration.ofSeconds(10));

    Pipeline canceled = gitlab.getPipelineApi().cancelPipelineJobs(DEPLOYER, created.getId());
    Pipeline retried = gitlab.getPipelineApi().retryPipelineJob(DEPLOYER, created.getId());
    running.runUntilIdle();

    assertThat(canceled.getStatus()).isEqualTo(PipelineStatus.CANCELED);
    assertThat(retried.getStatus()).isEqualTo(PipelineStatus.PENDING);
    assertThat(gitlab.getPipelineApi().getPipeline(DEPLOYER, created.getId()).getStatus())
        .isEqualTo(PipelineStatus.SUCCESS);
  }

  @Test
  void readsEnvironmentsAndRecordsADeployment() throws Exception {
    List<Environment> environments = gitlab.getEnvironmentsApi().getEnvironments(CANONICAL);
    Environment gstg = environments.stream().filter(e -> e.getName().equals("gstg"))
        .findFirst().orElseThrow();
    String sha = gitlab.getEnvironmentsApi().getEnvironment(CANONICAL, gstg.getId())
        .getLastDeployment().getSha();

    Deployment recorded = gitlab.getDeploymentsApi().addDeployment(CANONICAL, "db/gstg", sha,
        "17-6-auto-deploy-2024110808", false, Constants.DeploymentStatus.RUNNING);
    Deployment finished = gitlab.getDeploymentsApi().updateDeployment(CANONICAL,
        recorded.getId(), Constants.DeploymentStatus.SUCCESS);
    List<Deployment> dbGstg = gitlab.getDeploymentsApi().getProjectDeployments(CANONICAL,
        new DeploymentFilter().withEnvironment("db/gstg")
            .withStatus(Constants.DeploymentStatus.SUCCESS)).all();

    assertThat(environments).extracting(Environment::getName)
        .contains("gstg", "gprd", "db/gstg", "db/gprd");
    assertThat(finished.getStatus()).isEqualTo(Constants.DeploymentStatus.SUCCESS);
    assertThat(finished.getEnvironment().getName()).isEqualTo("db/gstg");
    assertThat(dbGstg).extracting(Deployment::getSha).contains(sha);
    assertThat(running.sandbox.deployments(CANONICAL)).anySatisfy(d ->
        assertThat(d.environment() + "@" + d.sha() + ":" + d.status())
            .isEqualTo("db/gstg@" + sha + ":success"));
  }

  @Test
  void comparesAndTracesAMigrationToItsMergeRequestApprovalsAndLabelEvents() throws Exception {
    String from = gitlab.getDeploymentsApi().getProjectDeployments(CANONICAL,
        new DeploymentFilter().withEnvironment("db/gprd")).all().get(0).getSha();
    CompareResults compare = gitlab.getRepositoryApi().compare(CANONICAL, from, "master");
    String path = "db/post_migrate/20241105093011_add_index_ci_pipelines_on_auto_canceled_by_id.rb";
    String sha = gitlab.getCommitsApi().getCommits(CANONICAL, "master", (Date) null, null, path)
        .get(0).getId();
    MergeRequest mr = gitlab.getCommitsApi().getMergeRequests(CANONICAL, sha).get(0);
    MergeRequest approvals = gitlab.getMergeRequestApi().getApprovals(CANONICAL, mr.getIid());
    ApprovalState state = gitlab.getMergeRequestApi().getApprovalState(CANONICAL, mr.getIid());
    List<LabelEvent> events = gitlab.getResourceLabelEventsApi()
        .getMergeRequestLabelEvents(CANONICAL, mr.getIid());
    List<Member> maintainers = gitlab.getGroupApi().getMembers("gitlab-org/maintainers/database");

    assertThat(compare.getDiffs()).anySatisfy(d -> {
      assertThat(d.getNewPath()).isEqualTo(path);
      assertThat(d.getNewFile()).isTrue();
    });
    assertThat(mr.getAuthor().getUsername()).isEqualTo("alice-nguyen");
    assertThat(approvals.getApprovedBy()).extracting(User::getUsername)
        .contains("chen-wei");
    assertThat(state.getRules().get(0).getApprovedBy()).extracting(User::getUsername)
        .contains("chen-wei");
    assertThat(events).anySatisfy(e -> {
      assertThat(e.getLabel().getName()).isEqualTo("database::approved");
      assertThat(e.getUser().getUsername()).isEqualTo("chen-wei");
    });
    assertThat(maintainers).extracting(Member::getUsername).contains("chen-wei", "dana-okafor");
  }

  @Test
  void relabelsAMergeRequest() throws Exception {
    MergeRequest mr = gitlab.getMergeRequestApi().getMergeRequest(CANONICAL, 171377L);
    List<String> labels = new java.util.ArrayList<>(mr.getLabels());
    labels.add("workflow::post-deploy-db-staging");

    MergeRequest updated = gitlab.getMergeRequestApi().updateMergeRequest(CANONICAL, 171377L,
        new MergeRequestParams().withLabels(labels));

    assertThat(updated.getLabels()).contains("workflow::post-deploy-db-staging", "database");
    assertThat(running.sandbox.mergeRequestLabels(CANONICAL, 171377))
        .contains("workflow::post-deploy-db-staging");
  }

  @Test
  void readsIssuesAndCommentsOnTheMonthlyReleaseIssue() throws Exception {
    String tasks = "gitlab-org/release/tasks";
    List<Issue> open = gitlab.getIssuesApi().getIssues(tasks, new IssueFilter()
        .withLabels(List.of("Monthly Release")).withState(Constants.IssueState.OPENED));
    Issue release = gitlab.getIssuesApi().getIssue(tasks, open.get(0).getIid());

    Note note = gitlab.getNotesApi().createIssueNote(tasks, release.getIid(),
        "Post-deploy migrations ran on gstg");
    List<Note> notes = gitlab.getNotesApi().getIssueNotes(tasks, release.getIid());
    Issue drafted = gitlab.getIssuesApi().createIssue("gitlab-com/gl-infra/production",
        "Post-deploy migration failed on gstg", "Triage draft");

    assertThat(open).hasSize(1);
    assertThat(release.getTitle()).isEqualTo("Release 17.6");
    assertThat(note.getBody()).isEqualTo("Post-deploy migrations ran on gstg");
    assertThat(notes).extracting(Note::getId).contains(note.getId());
    assertThat(drafted.getIid()).isPositive();
    assertThat(drafted.getState()).isEqualTo(Constants.IssueState.OPENED);
  }

  @Test
  void listsIssuesAcrossProjectsTheWayGetIssuesAsks() throws Exception {
    Issue mine = gitlab.getIssuesApi().createIssue("gitlab-com/gl-infra/production",
        "[C2] Mark QueueBackfillIssueLinksNamespaceId complete on gprd", "DML path");

    List<Issue> created = gitlab.getIssuesApi().getIssues();
    List<Issue> releases = gitlab.getIssuesApi().getIssues(new IssueFilter()
        .withScope(Constants.IssueScope.ALL).withState(Constants.IssueState.OPENED)
        .withLabels(List.of("Monthly Release")));
    List<Issue> searched = gitlab.getIssuesApi().getIssues(new IssueFilter()
        .withScope(Constants.IssueScope.ALL).withSearch("queuebackfill"));

    assertThat(created).extracting(Issue::getIid).contains(mine.getIid());
    assertThat(created).allSatisfy(i -> assertThat(i.getAuthor().getUsername())
        .isEqualTo("pdm-bot"));
    assertThat(releases).extracting(Issue::getTitle).containsExactly("Release 17.6");
    assertThat(searched).extracting(Issue::getIid).containsExactly(mine.getIid());
  }

  @Test
  void deletesAPipelineAndFindsPipelinesUpdatedSinceADate() throws Exception {
    Date before = Date.from(running.sandbox.clock().now());
    Pipeline doomed = gitlab.getPipelineApi().createPipeline(DEPLOYER, "master",
        List.of(new Variable("DEPLOY_ENVIRONMENT", "gstg"), new Variable("PDM_RUN_ID", "del")));
    running.advance(java.time.Duration.ofSeconds(30));

    List<Pipeline> found = gitlab.getPipelineApi().getPipelines(DEPLOYER, new PipelineFilter()
        .withUpdatedAfter(before).withSource(Constants.PipelineSource.API));
    gitlab.getPipelineApi().deletePipeline(DEPLOYER, doomed.getId());

    assertThat(found).extracting(Pipeline::getId).contains(doomed.getId());
    assertThat(gitlab.getPipelineApi().getPipelines(DEPLOYER, new PipelineFilter()
        .withUpdatedAfter(before))).extracting(Pipeline::getId).doesNotContain(doomed.getId());
    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
        org.gitlab4j.api.GitLabApiException.class,
        () -> gitlab.getPipelineApi().getPipeline(DEPLOYER, doomed.getId())).getHttpStatus())
        .isEqualTo(404);
  }

  @Test
  void mergesAnOpenMergeRequest() throws Exception {
    try (RunningSandbox other = RunningSandbox.start("staging-migration-fails");
        GitLabApi client = new GitLabApi(other.sandbox.url(), other.sandbox.token())) {
      MergeRequest open = client.getMergeRequestApi().getMergeRequest(CANONICAL, 171688L);

      MergeRequest merged = client.getMergeRequestApi().acceptMergeRequest(CANONICAL, 171688L);

      assertThat(open.getState()).isEqualTo("opened");
      assertThat(open.getMergeCommitSha()).isNull();
      assertThat(merged.getState()).isEqualTo("merged");
      assertThat(merged.getMergeCommitSha()).isNotBlank();
      assertThat(client.getCommitsApi().getCommits(CANONICAL, "master", (Date) null, null)
          .get(0).getId()).isEqualTo(merged.getMergeCommitSha());
    }
  }
}
