package dev.pdm.core.run;

import java.util.Locale;
import java.util.Optional;

/** A GitLab pipeline or job status, ordered so that a stale status never replaces a newer one. */
public enum CiStatus {
  CREATED(0),
  WAITING_FOR_RESOURCE(0),
  PREPARING(0),
  PENDING(0),
  SCHEDULED(0),
  MANUAL(0),
  RUNNING(1),
  CANCELING(2),
  SUCCESS(3),
  FAILED(3),
  CANCELED(3),
  SKIPPED(3);

  private final int progress;

  CiStatus(int progress) {
    this.progress = progress;
  }

  /** GitLab's spelling ({@code waiting_for_resource}) to the enum, empty when GitLab grows a status pdm does not know. */
  public static Optional<CiStatus> fromGitLab(String status) {
    if (status == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(status.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException unknown) {
      return Optional.empty();
    }
  }

  /** Whether GitLab will not change this status any more on its own. */
  public boolean isFinished() {
    return progress == 3;
  }

  /** Whether {@code next} may replace this status: later in the lifecycle, or another waiting status; never after a finish. */
  public boolean canMoveTo(CiStatus next) {
    return next.progress > progress || (next.progress == 0 && progress == 0 && next != this);
  }
}
