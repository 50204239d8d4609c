package dev.pdm.core.checks;

import io.vertx.core.Future;

/** One production check. Its future may fail; {@link ProductionChecks} turns a failure into {@code ERROR}. */
public interface ProductionCheck {

  /** A short stable name, e.g. {@code active-incidents}. */
  String name();

  /** Asks GitLab and gives the verdict. */
  Future<CheckResult> run();
}
