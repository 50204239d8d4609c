package dev.pdm.core.checks;

import dev.pdm.core.pending.MergeRequestRef;
import dev.pdm.core.pending.PendingMigrations;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Fails when no post-deploy migration is pending on the environment: there is nothing to run. */
public final class PendingMigrationsCheck implements ProductionCheck {

  private final PendingMigrations pending;
  private final String environment;
  private final String dbEnvironment;
  private final Optional<String> baselineSha;

  /** Checks {@code environment} (e.g. {@code gprd}), starting from {@code baselineSha} if it has no db deployment. */
  public PendingMigrationsCheck(PendingMigrations pending, String environment, Optional<String> baselineSha) {
    this(pending, environment, "db/" + environment, baselineSha);
  }

  /** As the other constructor, with migrated SHAs recorded on {@code dbEnvironment}. */
  public PendingMigrationsCheck(PendingMigrations pending, String environment, String dbEnvironment,
      Optional<String> baselineSha) {
    this.pending = pending;
    this.environment = environment;
    this.dbEnvironment = dbEnvironment;
    this.baselineSha = baselineSha;
  }

  @Override
  public String name() {
    return "pending-migrations";
  }

  @Override
  public Future<CheckResult> run() {
    return pending.forEnvironment(environment, dbEnvironment, baselineSha).map(report -> {
      String range = " between " + report.fromSha() + " and " + report.toSha() + ".";
      Map<String, List<String>> inputs = Map.of("from_sha", List.of(report.fromSha()), "to_sha", List.of(report.toSha()),
          "pending", report.migrations().stream().map(m -> m.file().version()).toList());
      if (!report.anyPending()) {
        return new CheckResult(name(), Verdict.FAIL,
            List.of("No post-deploy migration is pending on " + environment + range), List.of(), inputs);
      }
      return new CheckResult(name(), Verdict.PASS,
          List.of(report.migrations().size() + " post-deploy migration(s) pending on " + environment + range),
          report.migrations().stream().flatMap(m -> m.mergeRequest().stream()).map(MergeRequestRef::webUrl).toList(),
          inputs);
    });
  }
}
