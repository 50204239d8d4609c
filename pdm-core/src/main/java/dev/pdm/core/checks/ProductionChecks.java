package dev.pdm.core.checks;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a set of checks concurrently into one report; a check that fails to run counts as {@code ERROR}. */
public final class ProductionChecks {

  private static final Logger LOG = LoggerFactory.getLogger(ProductionChecks.class);
  private final List<ProductionCheck> checks;

  /** The checks to run, in report order. */
  public ProductionChecks(List<ProductionCheck> checks) {
    this.checks = List.copyOf(checks);
  }

  /** Runs every check; never fails. */
  public Future<ChecksReport> run(Optional<CheckOverride> override) {
    List<Future<CheckResult>> running = checks.stream()
        .map(check -> safely(check).recover(failure -> Future.succeededFuture(CheckResult.error(check.name(), failure))))
        .toList();
    return Future.join(running).transform(done -> {
      ChecksReport report = ChecksReport.of(running.stream().map(Future::result).toList(), override);
      LOG.info("Production checks: mayProceed={}, blocking={}, override={}", report.mayProceed(),
          report.blocking().stream().map(r -> r.check() + "=" + r.verdict()).toList(), override.isPresent());
      return Future.succeededFuture(report);
    });
  }

  private static Future<CheckResult> safely(ProductionCheck check) {
    try {
      return check.run();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
