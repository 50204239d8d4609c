package dev.pdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Given an active incident (the sandbox's incident-active scenario), a run blocks on the production checks. */
class BlockedRunTest {
  @Test
  void executeWithWatchExits3AndSaysWhichCheckBlocksTheRun() throws Exception {
    try (ExecutedRun given = ExecutedRun.in("incident-active")) {
      CliRun run = given.execution();

      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
      assertThat(run.out()).contains("migrate-gstg BLOCKED").containsPattern(": blocked\n")
          .contains("migrate-gstg: check active-incidents FAIL");
    }
  }
}
