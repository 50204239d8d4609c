package dev.pdm.core.executed;

/**
 * An environment to answer for, and the suffix of its MR label.
 *
 * @param environment the environment, e.g. {@code gstg}; its database deployments are on {@code db/<environment>}
 * @param labelSuffix the label suffix, e.g. {@code staging} for {@code workflow::post-deploy-db-staging}
 */
public record ExecutedEnvironment(String environment, String labelSuffix) {
}
