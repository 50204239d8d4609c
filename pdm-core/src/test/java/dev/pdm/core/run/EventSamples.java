package dev.pdm.core.run;

import dev.pdm.core.run.RunEvent.CancelRequested;
import dev.pdm.core.run.RunEvent.ChecksCompleted;
import dev.pdm.core.run.RunEvent.ChecksExpired;
import dev.pdm.core.run.RunEvent.ChecksOverridden;
import dev.pdm.core.run.RunEvent.JobStatusChanged;
import dev.pdm.core.run.RunEvent.MigrationRunningLong;
import dev.pdm.core.run.RunEvent.MitigationRecorded;
import dev.pdm.core.run.RunEvent.PipelineAdopted;
import dev.pdm.core.run.RunEvent.PipelineMissing;
import dev.pdm.core.run.RunEvent.PipelineStatusChanged;
import dev.pdm.core.run.RunEvent.PipelineTriggered;
import dev.pdm.core.run.RunEvent.QaFailureOverridden;
import dev.pdm.core.run.RunEvent.RecheckRequested;
import dev.pdm.core.run.RunEvent.RecordStepCompleted;
import dev.pdm.core.run.RunEvent.RecordStepRetryRequested;
import dev.pdm.core.run.RunEvent.RetryRequested;
import dev.pdm.core.run.RunEvent.StageAbandoned;
import dev.pdm.core.run.RunEvent.StageTimedOut;
import dev.pdm.core.run.RunEvent.TriageCompleted;
import dev.pdm.core.run.RunEvent.TriggerAgainRequested;
import dev.pdm.core.run.RunEvent.TriggerFailed;
import dev.pdm.core.run.RunEvent.TriggerRefused;
import dev.pdm.core.run.RunEvent.TriggerSent;
import dev.pdm.core.run.RunEvent.TriggerUncertain;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Every kind of event aimed at one stage, for its current attempt and for stale ones, valid and invalid. */
final class EventSamples {

  private EventSamples() {
  }

  static List<RunEvent> forStage(Run run, Stage stage, Instant at) {
    String id = stage.id();
    int attempt = stage.attemptNumber();
    long current = stage.currentAttempt().flatMap(Attempt::pipeline).map(FollowedPipeline::id).orElse(9_999L);
    long currentJob = stage.currentAttempt().flatMap(Attempt::job).map(FollowedJob::id).orElse(current * 10);
    String jobName = stage.spec().environment() + "-postdeploy-migrations";
    List<RunEvent> events = new ArrayList<>();
    events.add(new ChecksCompleted(id, stage.checkRound(), List.of(RunDriver.pass("incident")), at));
    events.add(new ChecksCompleted(id, stage.checkRound(), List.of(RunDriver.fail("incident", "open", "https://x/1")), at));
    events.add(new ChecksCompleted(id, stage.checkRound() - 1, List.of(RunDriver.pass("incident")), at));
    events.add(new RecheckRequested(id, "rm", at));
    events.add(new ChecksOverridden(id, "rm", "unrelated incident", Optional.empty(), at));
    events.add(new ChecksOverridden(id, "rm", "", Optional.empty(), at));
    int sends = stage.currentAttempt().map(a -> a.trigger().sends()).orElse(0);
    for (int a : new int[] {attempt - 1, attempt, attempt + 1}) {
      events.add(new PipelineTriggered(id, a, 7_000 + a, RunDriver.pipelineUrl(7_000 + a), a % 2 == 0, at));
      events.add(new TriggerFailed(id, a, "400 ref is invalid", at));
      events.add(new StageTimedOut(id, a, at));
      events.add(new TriageCompleted(id, a, "PG::DuplicateTable", Optional.of("https://x/incident"), at));
      events.add(new ChecksExpired(id, a, RunDriver.T0, at));
      events.add(new MigrationRunningLong(id, a, "20241108120000", "QueueBackfillIssueLinksNamespaceId", 900, 60,
          Optional.of(18.4), at));
      events.add(new MigrationRunningLong(id, a, "20241105093011", "AddIndexCiPipelinesOnAutoCanceledById", 61, 60,
          Optional.empty(), at));
      for (int send : new int[] {sends - 1, sends, sends + 1, sends + 2}) {
        events.add(new TriggerSent(id, a, send, "deployer", "master", at));
        events.add(new TriggerRefused(id, a, send, "503", at));
        events.add(new TriggerUncertain(id, a, send, "no answer within the quiet period", at));
      }
    }
    events.add(new PipelineMissing(id, current, at));
    events.add(new PipelineMissing(id, 8_888, at));
    events.add(new PipelineAdopted(id, "rm", 6_543, RunDriver.pipelineUrl(6_543), "found it by hand", at));
    events.add(new PipelineAdopted(id, "rm", current, RunDriver.pipelineUrl(current), "already followed", at));
    events.add(new PipelineAdopted(id, "rm", 6_544, RunDriver.pipelineUrl(6_544), " ", at));
    events.add(new TriggerAgainRequested(id, "rm", "nothing in GitLab", at));
    events.add(new TriggerAgainRequested(id, "rm", "", at));
    events.add(new StageAbandoned(id, "rm", "stuck", at));
    events.add(new StageAbandoned(id, "rm", "", at));
    events.add(new QaFailureOverridden(id, "qa-lead", "flaky spec", Optional.empty(), at));
    events.add(new QaFailureOverridden(id, "qa-lead", "", Optional.empty(), at));
    for (CiStatus status : CiStatus.values()) {
      events.add(new PipelineStatusChanged(id, current, status, at));
      events.add(new PipelineStatusChanged(id, 8_888, status, at));
      events.add(new JobStatusChanged(id, current, currentJob, jobName, status, "https://x/job", at));
      events.add(new JobStatusChanged(id, current, currentJob + 1, jobName, status, "https://x/job2", at));
      events.add(new JobStatusChanged(id, current, currentJob + 2, "other-job", status, "https://x/job3", at));
      events.add(new JobStatusChanged(id, 8_888, currentJob, jobName, status, "https://x/job", at));
    }
    for (RecordStep.Kind step : RecordStep.Kind.values()) {
      int stepAttempt = stage.recordStep(step).map(RecordStep::attempt).orElse(1);
      events.add(new RecordStepCompleted(id, step, stepAttempt, true, "done", at));
      events.add(new RecordStepCompleted(id, step, stepAttempt, false, "500", at));
      events.add(new RecordStepCompleted(id, step, stepAttempt - 1, true, "stale", at));
      events.add(new RecordStepRetryRequested(id, step, "rm", at));
    }
    events.add(new RetryRequested(id, "rm", "safe to rerun", at));
    events.add(new RetryRequested(id, "rm", " ", at));
    events.add(new RetryRequested(id, "", "safe", at));
    for (MitigationKind kind : MitigationKind.values()) {
      events.add(new MitigationRecorded(id, "dba", kind, "done by hand", Optional.of("https://x/mr"), at));
      events.add(new MitigationRecorded(id, "dba", kind, "", Optional.empty(), at));
    }
    events.add(new CancelRequested("rm", "postponed", at));
    events.add(RunDriver.request(RunPlan.standard("gstg", "gprd")));
    events.add(new RetryRequested("no-such-stage", "rm", "safe", at));
    events.add(new PipelineStatusChanged("no-such-stage", current, CiStatus.SUCCESS, at));
    return events;
  }

  /** Every concrete event type, to prove the samples cover them all. */
  static Set<Class<?>> allEventTypes() {
    Set<Class<?>> types = new HashSet<>();
    collect(RunEvent.class, types);
    return types;
  }

  private static void collect(Class<?> type, Set<Class<?>> into) {
    if (type.isRecord()) {
      into.add(type);
    } else {
      Arrays.stream(type.getPermittedSubclasses()).forEach(sub -> collect(sub, into));
    }
  }
}
