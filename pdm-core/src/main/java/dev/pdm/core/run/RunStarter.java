package dev.pdm.core.run;

import dev.pdm.core.run.Decision.Rejected;
import dev.pdm.core.run.RunEvent.RunRequested;
import java.util.List;

/** Creates a run from a request: every stage planned, the first one started. */
final class RunStarter {

  Decision start(RunRequested request) {
    if (Text.isBlank(request.runId())) {
      return Rejected.invalid("runId is blank; expected the run's UUID");
    }
    if (Text.isBlank(request.actor())) {
      return Rejected.invalid("actor is blank; expected the user name of who requests the run");
    }
    if (request.plan() == null || request.packageSnapshot() == null || request.at() == null) {
      return Rejected.invalid("plan, packageSnapshot and at are required; got plan=" + request.plan() + ", packageSnapshot="
          + request.packageSnapshot() + ", at=" + request.at());
    }
    for (StageSpec spec : request.plan().stages()) {
      if (spec.kind() == StageKind.MIGRATE
          && request.packageSnapshot().find(spec.environment(), DeploymentProject.CANONICAL).isEmpty()) {
        return Rejected.invalid("packageSnapshot has no CANONICAL package for environment '" + spec.environment()
            + "'; expected one for every migrate stage's environment, since its SHA is what the stage records as migrated");
      }
    }
    List<Stage> stages = request.plan().stages().stream().map(Stage::planned).toList();
    Run created = new Run(request.runId(), request.plan().id(), RunStatus.CHECKING, stages, request.actor(), request.at(),
        request.at(), request.packageSnapshot(), List.of());
    return StageProgression.begin(created, stages.get(0), request.at())
        .after(List.of(Notifications.ofRun(NotificationKind.RUN_STARTED, created, List.of())));
  }
}
