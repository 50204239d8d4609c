package dev.pdm.sandbox.state;

import java.time.Instant;
import java.util.Optional;

/** A deployment of a SHA to an environment; its status changes through the API. */
public final class Deployment {
  public final long id;
  public final long iid;
  public final Environment environment;
  public final String ref;
  public final String sha;
  public final boolean tag;
  public final User user;
  public final Instant createdAt;
  public final Optional<Commit> commit;
  volatile String status;
  volatile Instant updatedAt;

  Deployment(long id, long iid, Environment environment, String ref, String sha, boolean tag,
      User user, Instant createdAt, String status, Optional<Commit> commit) {
    this.id = id;
    this.iid = iid;
    this.environment = environment;
    this.ref = ref;
    this.sha = sha;
    this.tag = tag;
    this.user = user;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
    this.status = status;
    this.commit = commit;
  }

  /** created, running, success, failed, canceled or blocked. */
  public String status() {
    return status;
  }

  /** When the status last changed. */
  public Instant updatedAt() {
    return updatedAt;
  }

  /** The project the deployment belongs to. */
  public Project project() {
    return environment.project();
  }
}
