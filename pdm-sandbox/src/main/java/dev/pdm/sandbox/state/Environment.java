package dev.pdm.sandbox.state;

import java.time.Instant;

/** An environment of a project (e.g. gstg, db/gprd). */
public record Environment(long id, Project project, String name, String tier, String externalUrl,
    Instant createdAt) {

  /** GitLab's slug: lower-case, non-alphanumerics as dashes, plus a short suffix. */
  public String slug() {
    return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-"
        + Long.toString(id * 7919 % 46656, 36);
  }
}
