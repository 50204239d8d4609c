package dev.pdm.core.run;

/** Which of the two GitLab projects a package or a deployment record belongs to. */
public enum DeploymentProject {
  CANONICAL,
  SECURITY
}
