package dev.pdm.core.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pdm.core.incident.IncidentCommand.AddReleaseItem;
import dev.pdm.core.incident.IncidentCommand.AnnounceIncidentStep;
import dev.pdm.core.incident.IncidentCommand.LabelIncident;
import dev.pdm.core.incident.IncidentCommand.NoteOnIncident;
import dev.pdm.core.incident.IncidentCommand.TickReleaseItem;
import dev.pdm.core.incident.IncidentObservation.ChangeRequestSeen;
import dev.pdm.core.incident.IncidentObservation.IncidentSeen;
import dev.pdm.core.incident.IncidentObservation.MergeRequestSeen;
import dev.pdm.core.incident.IncidentObservation.NextRunSeen;
import dev.pdm.core.incident.IncidentObservation.NotePosted;
import dev.pdm.core.incident.IncidentObservation.ReleaseItemShipped;
import dev.pdm.core.incident.IncidentObservation.ReleaseItemWritten;
import dev.pdm.core.incident.IncidentRequest.AnswerFollowUp;
import dev.pdm.core.incident.IncidentRequest.ChoosePlan;
import dev.pdm.core.incident.IncidentRequest.DecideBlock;
import dev.pdm.core.incident.IncidentRequest.HandOver;
import dev.pdm.core.incident.MitigationPlan.ChangeRequest;
import dev.pdm.core.incident.MitigationPlan.FixMergeRequest;
import dev.pdm.core.pending.MergeRequestRef;
import dev.pdm.core.run.Decision;
import dev.pdm.core.triage.FailedMigration;
import dev.pdm.core.triage.MigrationKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The incident workflow's decisions, one rule per test: what each step records, notes, labels and announces. */
class IncidentWorkflowsTest {
  private static final Instant T0 = Instant.parse("2024-11-09T10:00:00Z");
  private static final IncidentSettings SETTINGS = new IncidentSettings("blocks deployments", "Incident::Resolved",
      List.of("fatima-haddad", "emil-larsen"));
  private static final String MR_URL = "https://gitlab.example/gitlab-org/gitlab/-/merge_requests/171688";

  private static IncidentWorkflow started(MigrationKind kind) {
    return IncidentWorkflows.start(new IncidentWorkflow.Subject("run-1", "migrate-gstg", "gstg", 1,
        new IncidentWorkflow.IncidentRef("gitlab-com/gl-infra/production", 3,
            "https://gitlab.example/gitlab-com/gl-infra/production/-/issues/incident/3"),
        new FailedMigration("20241106150244", "CreateCiJobTokenAuthorizationsArchive", "PG::DuplicateTable",
            "ERROR:  relation \"ci_job_token_authorizations_archive\" already exists"), kind,
        Optional.of(new MergeRequestRef(171204, "Create table", "https://gitlab.example/mr/171204",
            Optional.of("bruno-costa"), Optional.of("abc"))), List.of("gstg", "gprd"), List.of("gprd")), T0, SETTINGS);
  }

  private static IncidentDecision.Changed changed(IncidentDecision decision) {
    assertThat(decision).isInstanceOf(IncidentDecision.Changed.class);
    return (IncidentDecision.Changed) decision;
  }

  private static IncidentWorkflow decide(IncidentWorkflow workflow, IncidentRequest request) {
    return changed(IncidentWorkflows.decide(workflow, request, SETTINGS)).workflow();
  }

  private static IncidentWorkflow observe(IncidentWorkflow workflow, IncidentObservation observation) {
    return changed(IncidentWorkflows.observe(workflow, observation, SETTINGS)).workflow();
  }

  private static IncidentDecision.Rejected rejected(IncidentDecision decision) {
    assertThat(decision).isInstanceOf(IncidentDecision.Rejected.class);
    return (IncidentDecision.Rejected) decision;
  }

  private static FixMergeRequest noOp(String state, List<String> on) {
    return new FixMergeRequest(171688, "Make it a no-op", MR_URL, state,
        "merged".equals(state) ? Optional.of("merge123") : Optional.empty(), on);
  }

  private static MitigationPlan noOpPlan() {
    return new MitigationPlan(MitigationPlan.Kind.NOOP_MR, "alice", "the MR makes it a no-op", T0,
        Optional.of(noOp("opened", List.of())), Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static MitigationPlan markCompletePlan(ChangeRequest changeRequest) {
    return new MitigationPlan(MitigationPlan.Kind.MARK_COMPLETE, "alice", "data fixed", T0, Optional.empty(),
        Optional.of(changeRequest), Optional.empty(), Optional.empty());
  }

  private static ChangeRequest changeRequest(long iid, String state, String... labels) {
    return new ChangeRequest(iid, "[C2] Mark complete", "https://gitlab.example/production/-/issues/" + iid, state,
        List.of(labels));
  }

  @Test
  void aStartedWorkflowAsksForTheDecisionsAndSuggestsThePlanOfTheMigrationsKind() {
    IncidentWorkflow workflow = started(MigrationKind.DDL);

    assertThat(workflow.openItems()).containsExactly("Decide whether the failure blocks deployments",
        "Agree a mitigation plan: it is a schema change (DDL): make the migration a no-op (link the merge request)",
        "Resolve the incident #3 (close it or label it Incident::Resolved)");
    assertThat(workflow.following()).isTrue();
    assertThat(workflow.timeline()).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(WorkflowEntry.Kind.STARTED);
      assertThat(e.noted()).isFalse();
    });
    assertThat(workflow.handoverDraft()).contains("failed on gstg").contains("Blocks deployments: not decided yet");
  }

  @Test
  void blockingLabelsTheIncidentThenNotesAndAnnouncesWhoDecidedWhenAndWhy() {
    IncidentDecision.Changed blocked = changed(IncidentWorkflows.decide(started(MigrationKind.DDL),
        new DecideBlock("migrate-gstg", "alice", true, "gprd would fail the same way", T0), SETTINGS));

    assertThat(blocked.commands()).hasSize(3);
    assertThat(blocked.commands().get(0)).isEqualTo(new LabelIncident("migrate-gstg", 2, "blocks deployments", true));
    assertThat(((NoteOnIncident) blocked.commands().get(1)).body()).contains("This failure blocks deployments")
        .contains("`alice`").contains("2024-11-09 10:00 UTC").contains("gprd would fail the same way");
    assertThat(((AnnounceIncidentStep) blocked.commands().get(2)).title()).contains("Deployments blocked");
    assertThat(blocked.workflow().block().orElseThrow().blocking()).isTrue();
    assertThat(blocked.workflow().openItems()).doesNotContain("Decide whether the failure blocks deployments");
  }

  @Test
  void notBlockingIsOnlyNotedAndChangingTheDecisionRemovesTheLabelAgain() {
    IncidentWorkflow blocked = decide(started(MigrationKind.DDL), new DecideBlock("migrate-gstg", "alice", true, "x",
        T0));
    IncidentDecision.Changed notBlocking = changed(IncidentWorkflows.decide(blocked, new DecideBlock("migrate-gstg",
        "bob", false, "staging only", T0.plusSeconds(60)), SETTINGS));
    IncidentDecision.Changed first = changed(IncidentWorkflows.decide(started(MigrationKind.DDL),
        new DecideBlock("migrate-gstg", "bob", false, "staging only", T0), SETTINGS));

    assertThat(notBlocking.commands()).first().isEqualTo(new LabelIncident("migrate-gstg", 3, "blocks deployments",
        false));
    assertThat(first.commands()).singleElement().isInstanceOf(NoteOnIncident.class);
    assertThat(((NoteOnIncident) first.commands().get(0)).body()).contains("does not block deployments");
  }

  @Test
  void aDecisionNeedsAReasonAndNoBlockDecisionOnceTheIncidentIsResolved() {
    IncidentWorkflow resolved = observe(started(MigrationKind.DDL), new IncidentSeen("migrate-gstg",
        Optional.of("closed"), T0));

    IncidentDecision.Rejected blank = rejected(IncidentWorkflows.decide(started(MigrationKind.DDL),
        new DecideBlock("migrate-gstg", "alice", true, " ", T0), SETTINGS));
    IncidentDecision.Rejected late = rejected(IncidentWorkflows.decide(resolved, new DecideBlock("migrate-gstg",
        "alice", true, "r", T0), SETTINGS));

    assertThat(blank.cause()).isEqualTo(Decision.Rejected.Cause.INVALID_REQUEST);
    assertThat(blank.reason()).startsWith("reason: required");
    assertThat(late.cause()).isEqualTo(Decision.Rejected.Cause.CONFLICT);
    assertThat(late.reason()).contains("was resolved (closed)");
  }

  @Test
  void aNoOpPlanIsReadyOnceItsMergeCommitRunsOnEveryEnvironmentAndThenLiftsTheBlockItAdded() {
    IncidentWorkflow planned = decide(decide(started(MigrationKind.DDL), new DecideBlock("migrate-gstg", "alice", true,
        "x", T0)), new ChoosePlan("migrate-gstg", "alice", noOpPlan(), T0));
    IncidentWorkflow merged = observe(planned, new MergeRequestSeen("migrate-gstg", noOp("merged", List.of()), T0));
    IncidentWorkflow onStaging = observe(merged, new MergeRequestSeen("migrate-gstg", noOp("merged",
        List.of("gstg")), T0));
    IncidentDecision.Changed everywhere = changed(IncidentWorkflows.observe(onStaging, new MergeRequestSeen(
        "migrate-gstg", noOp("merged", List.of("gstg", "gprd")), T0.plusSeconds(600)), SETTINGS));

    assertThat(planned.openItems()).contains("Merge !171688 (it is opened)");
    assertThat(merged.openItems()).contains("Deploy !171688 to gstg, gprd (not in the package running there yet)");
    assertThat(onStaging.readyAt()).isEmpty();
    assertThat(IncidentWorkflows.rerunRefusal(onStaging)).hasValueSatisfying(why -> assertThat(why)
        .contains("Deploy !171688 to gprd"));
    assertThat(everywhere.workflow().readyAt()).contains(T0.plusSeconds(600));
    assertThat(everywhere.entries()).extracting(WorkflowEntry::kind).containsExactly(WorkflowEntry.Kind.FIX_DEPLOYED,
        WorkflowEntry.Kind.BLOCK_LIFTED, WorkflowEntry.Kind.READY_TO_RERUN);
    assertThat(everywhere.commands()).filteredOn(LabelIncident.class::isInstance).singleElement()
        .satisfies(c -> assertThat(((LabelIncident) c).add()).isFalse());
    assertThat(everywhere.workflow().openItems()).contains("Ready to re-run: start a new run");
    assertThat(IncidentWorkflows.rerunRefusal(everywhere.workflow())).hasValueSatisfying(why -> assertThat(why)
        .contains("still removing the deployment blocker label"));
    int lifted = everywhere.entries().get(1).number();
    assertThat(IncidentWorkflows.rerunRefusal(observe(everywhere.workflow(), new NotePosted("migrate-gstg", lifted,
        T0)))).isEmpty();
    assertThat(IncidentWorkflows.rerunRefusal(observe(everywhere.workflow(), new IncidentObservation.NoteRefused(
        "migrate-gstg", lifted, "404 Not found", T0)))).as("GitLab refused the note: pdm is done trying").isEmpty();
  }

  @Test
  void seeingTheSameThingTwiceChangesNothing() {
    IncidentWorkflow planned = decide(started(MigrationKind.DDL), new ChoosePlan("migrate-gstg", "alice", noOpPlan(),
        T0));
    IncidentWorkflow merged = observe(planned, new MergeRequestSeen("migrate-gstg", noOp("merged", List.of("gstg")),
        T0));

    assertThat(IncidentWorkflows.observe(merged, new MergeRequestSeen("migrate-gstg", noOp("merged", List.of("gstg")),
        T0.plusSeconds(60)), SETTINGS)).isInstanceOf(IncidentDecision.Unchanged.class);
    assertThat(IncidentWorkflows.observe(merged, new IncidentSeen("migrate-gstg", Optional.empty(), T0), SETTINGS))
        .isInstanceOf(IncidentDecision.Unchanged.class);
  }

  @Test
  void markCompleteIsForDataMigrationsAndAsksWhetherTheMigrationIsSafeForSelfManaged() {
    MitigationPlan markComplete = markCompletePlan(changeRequest(4, "opened", "change::scheduled"));

    IncidentDecision.Rejected onDdl = rejected(IncidentWorkflows.decide(started(MigrationKind.DDL),
        new ChoosePlan("migrate-gstg", "alice", markComplete, T0), SETTINGS));
    IncidentWorkflow planned = decide(started(MigrationKind.DML), new ChoosePlan("migrate-gstg", "alice", markComplete,
        T0));
    IncidentWorkflow again = decide(planned, new ChoosePlan("migrate-gstg", "alice", markComplete, T0));
    IncidentWorkflow inProgress = observe(planned, new ChangeRequestSeen("migrate-gstg", changeRequest(4, "opened",
        "change::in-progress"), T0));
    IncidentWorkflow done = observe(inProgress, new ChangeRequestSeen("migrate-gstg", changeRequest(4, "closed",
        "change::complete"), T0));
    IncidentWorkflow skipped = observe(done, new NextRunSeen("migrate-gstg", new IncidentWorkflow.NextRun("run-2",
        "succeeded", "SUCCEEDED", Optional.of(false)), T0));

    assertThat(onDdl.cause()).isEqualTo(Decision.Rejected.Cause.CONFLICT);
    assertThat(onDdl.reason()).contains("mark-complete is for a data migration (DML)");
    assertThat(planned.openItems()).contains("Change request #4 (mark 20241106150244 complete on gstg) is opened",
        "Link the clean-up change request",
        "Follow-up: Is the migration safe for self-managed instances? (it was marked complete by hand here)");
    assertThat(again.followUps()).hasSize(1);
    assertThat(inProgress.timeline()).last().satisfies(e -> assertThat(e.text()).contains("is opened [change::"
        + "in-progress]"));
    assertThat(done.readyAt()).isPresent();
    assertThat(done.openItems()).contains("Ready to re-run: start a new run (pdm checks that 20241106150244 is no longer"
        + " pending on gstg)");
    assertThat(skipped.timeline()).last().satisfies(e -> assertThat(e.text())
        .contains("20241106150244 is no longer pending on gstg"));
    assertThat(skipped.following()).as("the clean-up change request is not linked yet").isTrue();
  }

  @Test
  void aFollowUpIsAnsweredOnceWithTheAnswer() {
    MitigationPlan markComplete = markCompletePlan(changeRequest(4, "opened"));
    IncidentWorkflow planned = decide(started(MigrationKind.DML), new ChoosePlan("migrate-gstg", "alice", markComplete,
        T0));

    IncidentWorkflow answered = decide(planned, new AnswerFollowUp("migrate-gstg", "bob",
        IncidentWorkflows.SELF_MANAGED, "yes, small tables there", T0));

    assertThat(answered.followUps()).singleElement().satisfies(f -> assertThat(f.done()).isTrue());
    assertThat(answered.openItems()).noneMatch(i -> i.startsWith("Follow-up"));
    assertThat(rejected(IncidentWorkflows.decide(answered, new AnswerFollowUp("migrate-gstg", "bob",
        IncidentWorkflows.SELF_MANAGED, "again", T0), SETTINGS)).cause()).isEqualTo(Decision.Rejected.Cause.CONFLICT);
    assertThat(rejected(IncidentWorkflows.decide(planned, new AnswerFollowUp("migrate-gstg", "bob", "nope", "x", T0),
        SETTINGS)).reason()).isEqualTo("key: expected one of the workflow's follow-ups [self-managed] (got nope)");
  }

  @Test
  void aHandOverGoesToAReleaseManagerWithPdmsSummaryUnlessOneIsGiven() {
    IncidentWorkflow workflow = decide(started(MigrationKind.DDL), new ChoosePlan("migrate-gstg", "alice", noOpPlan(),
        T0));

    IncidentDecision.Changed drafted = changed(IncidentWorkflows.decide(workflow, new HandOver("migrate-gstg", "alice",
        "@emil-larsen", "", T0), SETTINGS));
    IncidentWorkflow written = decide(workflow, new HandOver("migrate-gstg", "alice", "fatima-haddad", "all yours", T0));

    assertThat(drafted.workflow().handovers()).singleElement().satisfies(h -> {
      assertThat(h.to()).isEqualTo("emil-larsen");
      assertThat(h.summary()).isEqualTo(workflow.handoverDraft()).contains("Plan: make the migration a no-op — no-op"
          + " merge request !171688 (opened)").contains("- Merge !171688 (it is opened)");
    });
    assertThat(((NoteOnIncident) drafted.commands().get(0)).body()).contains("Hand-over to @emil-larsen");
    assertThat(written.handovers()).singleElement().satisfies(h -> assertThat(h.summary()).isEqualTo("all yours"));
    assertThat(rejected(IncidentWorkflows.decide(workflow, new HandOver("migrate-gstg", "alice", "chen-wei", "", T0),
        SETTINGS)).reason()).isEqualTo("to: expected one of the release managers [fatima-haddad, emil-larsen]"
        + " (got chen-wei)");
    assertThat(rejected(IncidentWorkflows.decide(workflow, new HandOver("migrate-gstg", "alice", "a b", "", T0),
        SETTINGS)).reason()).startsWith("to: expected the GitLab username");
  }

  @Test
  void theResolvedIncidentPingsTheReleaseManagersAndTheFixIsTickedOnceOnProduction() {
    IncidentWorkflow planned = decide(started(MigrationKind.DDL), new ChoosePlan("migrate-gstg", "alice", noOpPlan(),
        T0));
    IncidentWorkflow merged = observe(planned, new MergeRequestSeen("migrate-gstg", noOp("merged", List.of("gstg")),
        T0));
    IncidentDecision.Changed resolved = changed(IncidentWorkflows.observe(merged, new IncidentSeen("migrate-gstg",
        Optional.of("labelled Incident::Resolved"), T0), SETTINGS));
    IncidentWorkflow added = observe(resolved.workflow(), new ReleaseItemWritten("migrate-gstg", "mr-171688", false,
        "https://gitlab.example/release/-/issues/2", T0));
    IncidentDecision.Changed shipped = changed(IncidentWorkflows.observe(added, new ReleaseItemShipped("migrate-gstg",
        "mr-171688", T0), SETTINGS));
    IncidentWorkflow ticked = observe(shipped.workflow(), new ReleaseItemWritten("migrate-gstg", "mr-171688", true,
        "https://gitlab.example/release/-/issues/2", T0));

    assertThat(((NoteOnIncident) resolved.commands().get(0)).body()).contains("@fatima-haddad @emil-larsen")
        .contains("ensure [!171688](" + MR_URL + ") is in the monthly release");
    assertThat(resolved.commands()).filteredOn(AddReleaseItem.class::isInstance).singleElement()
        .satisfies(c -> assertThat(((AddReleaseItem) c).line()).startsWith("- [ ] Ensure [!171688](" + MR_URL + ")"));
    assertThat(IncidentWorkflows.observe(resolved.workflow(), new IncidentSeen("migrate-gstg", Optional.of("closed"),
        T0), SETTINGS)).isInstanceOf(IncidentDecision.Unchanged.class);
    assertThat(added.openItems()).contains("Ensure !171688 is in the monthly release (not on gprd yet)");
    assertThat(shipped.commands()).containsExactly(new TickReleaseItem("migrate-gstg", "mr-171688"));
    assertThat(IncidentWorkflows.observe(shipped.workflow(), new ReleaseItemShipped("migrate-gstg", "mr-171688", T0),
        SETTINGS)).isInstanceOf(IncidentDecision.Unchanged.class);
    assertThat(ticked.releaseItems()).singleElement().satisfies(i -> assertThat(i.status())
        .isEqualTo(IncidentWorkflow.ReleaseItem.Status.TICKED));
  }

  @Test
  void whatPeopleWriteCanNeitherMentionNorRunAQuickActionOnTheIncident() {
    String hostile = "done\n/close\n@all please look <img src=x onerror=alert(1)> ```";

    NoteOnIncident note = (NoteOnIncident) changed(IncidentWorkflows.decide(started(MigrationKind.DDL),
        new DecideBlock("migrate-gstg", "@root /label", true, hostile, T0), SETTINGS)).commands().get(1);

    // GitLab's quick action extractor may end the fence early at the text's own backticks: no line starts with "/".
    String fenced = "````text\n" + hostile.replace("\n/", "\n /") + "\n````";
    assertThat(note.body()).contains(fenced).contains("`@root /label`");
    assertThat(note.body().lines()).noneMatch(line -> line.startsWith("/"));
    assertThat(note.body().replace(fenced, "").lines()).as("outside the fence, which GitLab never reads mentions"
        + " from").noneMatch(line -> line.contains("@all"));
  }

  @Test
  void aWorkflowSurvivesTheStoreAsJson() throws Exception {
    ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(new Jdk8Module())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    IncidentWorkflow planned = decide(decide(started(MigrationKind.DDL), new DecideBlock("migrate-gstg", "alice", true,
        "x", T0)), new ChoosePlan("migrate-gstg", "alice", noOpPlan(), T0));
    IncidentWorkflow resolved = observe(observe(planned, new MergeRequestSeen("migrate-gstg", noOp("merged",
        List.of("gstg")), T0)), new IncidentSeen("migrate-gstg", Optional.of("closed"), T0));
    IncidentCommand command = new AnnounceIncidentStep("migrate-gstg", 3, "t", List.of("a"), Optional.of(MR_URL));

    assertThat(json.readValue(json.writeValueAsString(resolved), IncidentWorkflow.class)).isEqualTo(resolved);
    assertThat(json.readValue(json.writeValueAsString(command), IncidentCommand.class)).isEqualTo(command);
    assertThat(IncidentCommand.TYPES).containsExactlyInAnyOrder("NoteOnIncident", "LabelIncident",
        "AnnounceIncidentStep", "AddReleaseItem", "TickReleaseItem");
  }
}
