package dev.pdm.core.executed;

/**
 * An environment to answer for, and the suffix of its MR label.
 *
 * @param environment   the environment, e.g. {@code gstg}
 * @param dbEnvironment where its migrated SHAs are recorded, e.g. {@code db/gstg}
 * @param labelSuffix   the label suffix, e.g. {@code staging} for {@code workflow::post-deploy-db-staging}
 */
public record ExecutedEnvironment(String environment, String dbEnvironment, String labelSuffix) {

  /** With database deployments on {@code db/<environment>}, as GitLab's own setup has them. */
  public ExecutedEnvironment(String environment, String labelSuffix) {
    this(environment, "db/" + environment, labelSuffix);
  }
}
