package dev.pdm.sandbox.state;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deploys a package the way release tools do: the default branch's head, as a successful
 * deployment on an environment of the canonical project and of every project sharing its
 * repository (the security mirror), each announced like any deployment.
 */
public final class PackageDeployer {
  private static final Pattern AUTO_DEPLOY_REF = Pattern.compile("(.*-auto-deploy-)\\d{10}");
  private static final DateTimeFormatter REF_TIME = DateTimeFormatter.ofPattern("yyyyMMddHH")
      .withZone(ZoneOffset.UTC);

  private final GitLabState state;

  public PackageDeployer(GitLabState state) {
    this.state = state;
  }

  /**
   * Deploys to {@code environment} of {@code project} (by path or id; all package projects when
   * empty), on {@code ref} (an auto-deploy branch name from the clock when empty).
   *
   * @throws IllegalArgumentException naming the value when the project or environment cannot
   *     take a package
   */
  public List<Deployment> deploy(Optional<String> project, String environment,
      Optional<String> ref) {
    if (environment == null || environment.isBlank() || environment.startsWith("db/")) {
      throw new IllegalArgumentException("environment '" + environment + "' cannot take a"
          + " package; expected a package environment such as gstg or gprd (db/ENV"
          + " deployments are pdm's own records)");
    }
    Project canonical = state.projectWithRole("canonical").orElseThrow(() ->
        new IllegalArgumentException("the scenario has no canonical project to deploy"));
    List<Project> targets = project.map(p -> List.of(state.project(p).orElseThrow(() ->
            new IllegalArgumentException("project '" + p + "' does not exist; expected one of "
                + state.projects().stream().map(Project::path).toList()))))
        .orElseGet(() -> state.projects().stream()
            .filter(p -> p.repository() == canonical.repository()).toList());
    return targets.stream().map(p -> {
      Commit head = p.repository().head().orElseThrow(() -> new IllegalArgumentException(
          "project '" + p.path() + "' has no commits to deploy"));
      return state.createDeployment(p, environment, ref.orElseGet(() -> autoDeployRef(p,
          environment)), head.sha(), false, "success", deployer(p, environment));
    }).toList();
  }

  /** The next auto-deploy branch name, in the form of the environment's latest package. */
  private String autoDeployRef(Project project, String environment) {
    String prefix = state.lastSuccessfulDeployment(project, environment).map(d -> d.ref)
        .map(AUTO_DEPLOY_REF::matcher).filter(Matcher::matches).map(m -> m.group(1))
        .orElse("auto-deploy-");
    return prefix + REF_TIME.format(state.now());
  }

  /** Who deploys packages there (release tools, in the scenarios), else the API user. */
  private User deployer(Project project, String environment) {
    return state.lastSuccessfulDeployment(project, environment).map(d -> d.user)
        .orElse(state.apiUser());
  }
}
