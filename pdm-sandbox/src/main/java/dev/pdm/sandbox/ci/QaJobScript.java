package dev.pdm.sandbox.ci;

import dev.pdm.sandbox.faults.InjectedFaults;
import dev.pdm.sandbox.scenario.ScenarioFaults.QaFault;
import dev.pdm.sandbox.state.Job;
import java.time.Instant;
import java.util.Optional;

/** A GitLab QA job (qa-smoke, qa-reliable) run against an environment; may fail by fault. */
final class QaJobScript implements JobScript {
  private final InjectedFaults faults;
  private final String environment;
  private final int examples;
  private final double seconds;

  QaJobScript(InjectedFaults faults, String environment, int examples, double seconds) {
    this.faults = faults;
    this.environment = environment;
    this.examples = examples;
    this.seconds = seconds;
  }

  @Override
  public JobRun plan(Job job, Instant start) {
    JobLog log = JobLog.started(start, "registry.gitlab.com/gitlab-org/gitlab/gitlab-ee-qa:latest",
        job.pipeline.sha, job.pipeline.ref)
        .command("bundle exec bin/qa Test::Instance::All https://" + environment
            + ".gitlab.example.com -- --tag " + job.name.replace("qa-", ""))
        .pause(2).line("Running QA against " + environment + " (" + examples + " examples)")
        .pause(seconds);
    Optional<QaFault> fault = faults.qaFailure(environment, job.name);
    if (fault.isPresent()) {
      String message = fault.get().message() != null ? fault.get().message()
          : "expected to find text \"Pipeline passed\" but it was not found";
      return log.line("").line("Failures:").line("")
          .line("  1) Verify Pipeline creation and processing runs a pipeline")
          .line("     Failure/Error: " + message).line("")
          .line(String.format(java.util.Locale.ROOT, "Finished in %.2f seconds", seconds))
          .line(JobLog.BOLD_RED + examples + " examples, 1 failure" + JobLog.RESET)
          .fail(1);
    }
    return log.line("").line(String.format(java.util.Locale.ROOT, "Finished in %.2f seconds",
        seconds)).line(JobLog.BOLD_GREEN + examples + " examples, 0 failures" + JobLog.RESET)
        .succeed();
  }
}
