package dev.pdm.sandbox.ci;

import dev.pdm.sandbox.faults.InjectedFaults;
import dev.pdm.sandbox.state.GitLabState;
import dev.pdm.sandbox.state.Project;
import dev.pdm.sandbox.state.Variable;
import java.util.List;
import java.util.Optional;

/**
 * The stages and jobs a new pipeline gets, by project role: the deployer runs migrations for
 * {@code DEPLOY_ENVIRONMENT}, the QA project runs QA against {@code QA_ENVIRONMENT}, any other
 * project runs a build and a test job.
 */
record PipelineBlueprint(List<Stage> stages) {

  /** The variable naming the environment a migration pipeline migrates. */
  static final String DEPLOY_ENVIRONMENT = "DEPLOY_ENVIRONMENT";
  /** The variable naming the environment a QA pipeline tests. */
  static final String QA_ENVIRONMENT = "QA_ENVIRONMENT";

  record Stage(String name, List<JobSpec> jobs) {
  }

  record JobSpec(String name, JobScript script) {
  }

  List<String> stageNames() {
    return stages.stream().map(Stage::name).toList();
  }

  /** This blueprint without the named jobs, as CI rules would leave it; empty stages go. */
  PipelineBlueprint without(List<String> jobs) {
    return new PipelineBlueprint(stages.stream()
        .map(s -> new Stage(s.name(), s.jobs().stream().filter(j -> !jobs.contains(j.name()))
            .toList()))
        .filter(s -> !s.jobs().isEmpty()).toList());
  }

  /** The environment a pipeline's variables name (DEPLOY_ENVIRONMENT, else QA_ENVIRONMENT). */
  static Optional<String> environment(List<Variable> variables) {
    return variable(variables, DEPLOY_ENVIRONMENT).or(() -> variable(variables,
        QA_ENVIRONMENT));
  }

  static PipelineBlueprint forProject(Project project, List<Variable> variables,
      GitLabState state, InjectedFaults faults) {
    String role = project.role() == null ? "" : project.role();
    return switch (role) {
      case "deployer" -> variable(variables, DEPLOY_ENVIRONMENT)
          .map(env -> migration(env, state, faults))
          .orElseGet(() -> missingVariable(DEPLOY_ENVIRONMENT));
      case "qa" -> variable(variables, QA_ENVIRONMENT).map(env -> qa(env, faults))
          .orElseGet(() -> missingVariable(QA_ENVIRONMENT));
      default -> new PipelineBlueprint(List.of(
          new Stage("build", List.of(new JobSpec("build",
              ShellJobScript.succeeding(40, "make build")))),
          new Stage("test", List.of(new JobSpec("test",
              ShellJobScript.succeeding(60, "make test"))))));
    };
  }

  private static PipelineBlueprint migration(String env, GitLabState state,
      InjectedFaults faults) {
    return new PipelineBlueprint(List.of(
        new Stage("prepare", List.of(new JobSpec(env + "-prepare", ShellJobScript.succeeding(35,
            "bundle exec rake 'check_environment[" + env + "]'",
            "bundle exec rake 'deployer:lock[" + env + "]'")))),
        new Stage("migrate", List.of(new JobSpec(env + "-postdeploy-migrations",
            new MigrationJobScript(state, faults, env)))),
        new Stage("finish", List.of(new JobSpec(env + "-postdeploy-cleanup",
            ShellJobScript.succeeding(25, "bundle exec rake 'deployer:unlock[" + env + "]'"))))));
  }

  private static PipelineBlueprint qa(String env, InjectedFaults faults) {
    return new PipelineBlueprint(List.of(
        new Stage("qa", List.of(
            new JobSpec("qa-smoke", new QaJobScript(faults, env, 42, 75)),
            new JobSpec("qa-reliable", new QaJobScript(faults, env, 118, 110)))),
        new Stage("report", List.of(new JobSpec("qa-report",
            ShellJobScript.succeeding(15, "bundle exec rake 'qa:report'"))))));
  }

  private static PipelineBlueprint missingVariable(String name) {
    return new PipelineBlueprint(List.of(new Stage("prepare", List.of(new JobSpec(
        "check-variables", ShellJobScript.failing(name + " is not set; expected e.g. "
            + name + "=gstg", "test -n \"$" + name + "\""))))));
  }

  private static Optional<String> variable(List<Variable> variables, String key) {
    return variables.stream().filter(v -> v.key().equals(key)).map(Variable::value)
        .filter(v -> !v.isBlank()).findFirst();
  }
}
