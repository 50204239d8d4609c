package dev.pdm.sandbox.ci;

import dev.pdm.sandbox.state.Job;
import java.time.Instant;
import java.util.List;

/** A plain job that runs a few commands and succeeds, or fails when told why. */
final class ShellJobScript implements JobScript {
  private final List<String> commands;
  private final double seconds;
  private final String failure;

  private ShellJobScript(List<String> commands, double seconds, String failure) {
    this.commands = List.copyOf(commands);
    this.seconds = seconds;
    this.failure = failure;
  }

  static ShellJobScript succeeding(double seconds, String... commands) {
    return new ShellJobScript(List.of(commands), seconds, null);
  }

  static ShellJobScript failing(String error, String... commands) {
    return new ShellJobScript(List.of(commands), 3, error);
  }

  @Override
  public JobRun plan(Job job, Instant start) {
    JobLog log = JobLog.started(start, "registry.gitlab.com/gitlab-com/gl-infra/deployer:latest",
        job.pipeline.sha, job.pipeline.ref);
    double each = seconds / Math.max(1, commands.size());
    commands.forEach(c -> log.command(c).pause(each));
    if (failure != null) {
      return log.line(JobLog.BOLD_RED + failure + JobLog.RESET).fail(1);
    }
    return log.succeed();
  }
}
