package dev.pdm.core.executed;

import java.util.Optional;

/**
 * What one source says about one environment.
 *
 * @param source   {@link #DEPLOYMENTS}, {@link #LABELS}, or the server's own (e.g. {@code runs})
 * @param executed yes, no, or unknown
 * @param detail   the evidence, in a sentence
 * @param link     where to see it, if anywhere
 */
public record SourceAnswer(String source, Executed executed, String detail, Optional<String> link) {

  /** The {@code db/<env>} deployments source. */
  public static final String DEPLOYMENTS = "deployments";
  /** The merge request's {@code workflow::post-deploy-db-*} labels source. */
  public static final String LABELS = "labels";
}
