package dev.pdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pdm.cli.TmuxTerminals.Pane;
import dev.pdm.cli.TmuxTerminals.Screen;
import dev.pdm.cli.text.DisplayWidth;
import dev.pdm.sandbox.SandboxSnapshots.JobSnapshot;
import dev.pdm.sandbox.SandboxSnapshots.PipelineSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given the sandbox's happy run watched in real terminals (tmux panes running bash), as a person would watch it: the
 * packaged {@code pdm.jar} runs {@code execute --yes --watch} in a classic 80x24 terminal, {@code watch RUN} in a large
 * 200x50 one, and {@code watch RUN} in a 120x40 one that is resized twice, then interrupted with Ctrl-C. The simulated
 * GitLab's clock moves only when the test moves it, so each state of the run stays on the screens until they show it.
 */
class WatchInATerminalIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SHOWN_WITHIN = Duration.ofSeconds(120);
  private static final Duration STEP = Duration.ofSeconds(5);
  private static final Pattern EXIT_STATUS = Pattern.compile("pdm exit status: \\d+");
  private static final String LONG_MIGRATION = "20241108120000 QueueBackfillIssueLinksNamespaceId";
  private static SandboxServer server;
  private static TmuxTerminals terminals;
  private static String runId;
  /** What each terminal showed at each moment the test waited for, in order. */
  private static final Map<String, Map<String, Screen>> shown = new LinkedHashMap<>();
  private static final Map<String, List<String>> scrollbacks = new LinkedHashMap<>();
  private static final Map<String, String> cursorAfterwards = new LinkedHashMap<>();
  private static String cursorWhileWatching;

  @BeforeAll
  static void watchAHappyRunInThreeTerminals() throws Exception {
    terminals = TmuxTerminals.start();
    server = SandboxServer.startWithManualClock("happy");
    Map<String, String> environment = Map.of("PDM_SERVER", server.url(), "PDM_TOKEN", server.operatorToken());
    Pane classic = terminals.open("classic", 80, 24, environment);
    classic.type(pdm("execute --yes --watch"));
    Pattern header = Pattern.compile("Run (\\S+): .*");
    Matcher started = header.matcher(classic.await("the run's header", screen -> !screen.lines().isEmpty()
        && header.matcher(screen.lines().get(0)).matches(), SHOWN_WITHIN).lines().get(0));
    runId = started.matches() ? started.group(1) : "none";
    Pane large = terminals.open("large", 200, 50, environment);
    large.type(pdm("watch " + runId));
    Pane resized = terminals.open("resized", 120, 40, environment);
    resized.type(pdm("watch " + runId));
    List<Pane> all = List.of(classic, large, resized);

    // the staging pipeline is triggered at once; its job waits for the clock
    see("staging running", all, stage("migrate-gstg", "RUNNING"));
    cursorWhileWatching = classic.format("#{alternate_on} #{cursor_flag}");
    advanceUntil(() -> migrationLog("gstg").contains(LONG_MIGRATION + ": migrating")
        && !migrationLog("gstg").contains(LONG_MIGRATION + ": migrated"));
    see("long migration running", all, screen -> screen.lines().stream()
        .anyMatch(line -> line.startsWith("current migration: " + LONG_MIGRATION)));
    advanceUntil(() -> migrationPipelineSucceeded("gstg"));
    see("staging migrated", all, stage("migrate-gstg", "SUCCEEDED"));

    resized.resize(70, 18);
    see("resized to 70x18", List.of(resized), fitsIts(70, 18).and(stage("migrate-gstg", "SUCCEEDED")));
    // the QA pipeline is triggered as soon as staging is recorded
    see("qa running", all, stage("qa-gstg", "RUNNING"));
    resized.resize(160, 45);
    // the frame drawn for 70x18 fits 160x45 too: wait for the one drawn after the resize, whose log tail grew back
    see("resized to 160x45", List.of(resized), fitsIts(160, 45).and(stage("qa-gstg", "RUNNING"))
        .and(screen -> screen.lines().size() > 18));
    resized.interrupt();
    exited(resized);

    advanceUntil(() -> "succeeded".equals(runStatus()));
    exited(classic);
    exited(large);
  }

  @AfterAll
  static void closeTerminalsAndServer() throws Exception {
    try {
      if (terminals != null) {
        terminals.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void aRunWatchedInAClassicTerminalLeavesExactlyOneHeaderAndOneSummaryInItsScrollback() {
    assertOneHeaderAndOneSummaryIn("classic");
    assertThat(scrollbacks.get("classic")).contains("Started run " + runId + " (checking).");
  }

  @Test
  void aRunWatchedInALargeTerminalLeavesExactlyOneHeaderAndOneSummaryInItsScrollback() {
    assertOneHeaderAndOneSummaryIn("large");
  }

  @Test
  void theStageTableIsUpdatedInPlace() {
    for (String terminal : List.of("classic", "large")) {
      Map<String, Screen> screens = shown.get(terminal);
      screens.values().forEach(screen -> assertThat(screen.lines().subList(0, 5)).as(terminal + "\n" + screen)
          .satisfiesExactly(
              header -> assertThat(header).startsWith("Run " + runId + ": "),
              columns -> assertThat(columns).matches("  STAGE +STATUS +DURATION +ATTEMPT +LINK"),
              staging -> assertThat(staging).startsWith("  migrate-gstg  "),
              qa -> assertThat(qa).startsWith("  qa-gstg  "),
              production -> assertThat(production).startsWith("  migrate-gprd  ")));
      assertThat(status(screens.get("staging running"), "migrate-gstg")).isEqualTo("RUNNING");
      assertThat(status(screens.get("staging migrated"), "migrate-gstg")).isEqualTo("SUCCEEDED");
      assertThat(status(screens.get("staging running"), "qa-gstg")).isEqualTo("PENDING");
      assertThat(status(screens.get("qa running"), "qa-gstg")).isEqualTo("RUNNING");
    }
    assertThat(cursorWhileWatching).as("alternate screen on, cursor hidden").isEqualTo("1 0");
  }

  @Test
  void noLineIsWiderThanTheTerminalAndTheHeaderNeverScrollsAway() {
    shown.forEach((terminal, screens) -> screens.forEach((moment, screen) -> {
      assertThat(screen.lines()).as(terminal + " at " + moment + "\n" + screen)
          .hasSizeLessThanOrEqualTo(screen.size().rows())
          .allSatisfy(line -> assertThat(DisplayWidth.of(line)).isLessThanOrEqualTo(screen.size().columns()));
      assertThat(screen.lines().get(0)).startsWith("Run " + runId + ": ");
    }));
    Screen classic = shown.get("classic").get("long migration running");
    assertThat(classic.lines()).as("the log tail fills what is left of 24 rows, cut to 80 columns\n" + classic)
        .hasSize(24).anyMatch(line -> line.endsWith("…"));
  }

  @Test
  void currentMigrationNamesTheMigrationRunningAndTheLastOneFinished() {
    Screen large = shown.get("large").get("long migration running");

    assertThat(large.lines()).as(large.toString()).contains(
        "current migration: " + LONG_MIGRATION + " (migrate-gstg)",
        "last migrated:     20241107101010 RemoveMergeRequestsMergeJidLegacy in 0.0372s (migrate-gstg)");
    assertThat(shown.get("classic").get("long migration running").lines())
        .contains("current migration: " + LONG_MIGRATION + " (migrate-g…");
    assertThat(shown.get("large").get("qa running").lines()).contains("current migration: -");
  }

  @Test
  void aResizedTerminalIsRedrawnToItsNewSize() {
    Map<String, Screen> screens = shown.get("resized");

    assertThat(screens.get("resized to 70x18").size()).isEqualTo(new TmuxTerminals.Size(70, 18));
    assertThat(screens.get("resized to 70x18").lines()).hasSize(18);
    assertThat(screens.get("resized to 160x45").size()).isEqualTo(new TmuxTerminals.Size(160, 45));
    assertThat(screens.get("resized to 160x45").lines()).as("the log tail grows back")
        .hasSizeGreaterThan(18);
  }

  @Test
  void ctrlCRestoresTheCursorAndTheScreenAndLeavesOneSummaryOfTheRunAsLastSeen() {
    List<String> scrollback = scrollbacks.get("resized");

    assertThat(scrollback).contains("pdm exit status: 130",
        "Stopped watching (the run is not affected). Follow it again: pdm watch " + runId);
    assertThat(scrollback).filteredOn(line -> line.startsWith("Run " + runId + ": ")).containsExactly(
        "Run " + runId + ": running");
    assertThat(scrollback).noneMatch(line -> line.startsWith("current migration:"));
    assertThat(cursorAfterwards).as("alternate screen off, cursor shown").containsOnly(
        Map.entry("classic", "0 1"), Map.entry("large", "0 1"), Map.entry("resized", "0 1"));
  }

  private static void assertOneHeaderAndOneSummaryIn(String terminal) {
    List<String> scrollback = scrollbacks.get(terminal);

    assertThat(scrollback).as(terminal).filteredOn(line -> line.startsWith("Run " + runId + ": "))
        .containsExactly("Run " + runId + ": succeeded");
    assertThat(scrollback).as(terminal).filteredOn(line -> line.startsWith("  requested by ")).hasSize(1);
    assertThat(scrollback).as(terminal).filteredOn(line -> line.matches("  STAGE +STATUS +DURATION +ATTEMPT +LINK"))
        .hasSize(1);
    assertThat(scrollback).as(terminal + ": no frame of the live view is left behind")
        .noneMatch(line -> line.startsWith("current migration:") || line.contains("| main:"))
        .contains("pdm exit status: 0");
  }

  /** The command line a person types: the packaged jar, then the exit status it ended with. */
  private static String pdm(String arguments) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = Optional.ofNullable(System.getProperty("pdm.cli.jar")).orElseThrow(() -> new IllegalStateException(
        "pdm.cli.jar is not set: run this test with ./mvnw verify"));
    return java + " -jar " + jar + " " + arguments + "; echo \"pdm exit status: $?\"";
  }

  /** Waits until each terminal shows what {@code expected} accepts, and keeps what they showed for the tests. */
  private static void see(String moment, List<Pane> panes, Predicate<Screen> expected) {
    panes.forEach(pane -> shown.computeIfAbsent(pane.toString(), name -> new LinkedHashMap<>())
        .put(moment, pane.await(moment, expected, SHOWN_WITHIN)));
  }

  /** Waits for pdm to end in the terminal, then keeps its scrollback and its cursor's state. */
  private static void exited(Pane pane) {
    scrollbacks.put(pane.toString(), pane.awaitScrollback("pdm's exit status", lines -> lines.stream()
        .anyMatch(line -> EXIT_STATUS.matcher(line).matches()), SHOWN_WITHIN));
    cursorAfterwards.put(pane.toString(), pane.format("#{alternate_on} #{cursor_flag}"));
  }

  /** Moves the simulated GitLab's clock in small steps until {@code reached} holds. */
  private static void advanceUntil(BooleanSupplier reached) throws Exception {
    long deadline = System.nanoTime() + SHOWN_WITHIN.toNanos();
    while (!reached.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the run did not get there within " + SHOWN_WITHIN + "; it is " + runStatus());
      }
      server.advance(STEP);
    }
  }

  private static Predicate<Screen> stage(String stageId, String status) {
    return screen -> status.equals(status(screen, stageId));
  }

  private static Predicate<Screen> fitsIts(int columns, int rows) {
    return screen -> screen.size().equals(new TmuxTerminals.Size(columns, rows)) && !screen.lines().isEmpty()
        && screen.lines().get(0).startsWith("Run ") && screen.lines().size() <= rows
        && screen.lines().stream().allMatch(line -> DisplayWidth.of(line) <= columns);
  }

  /** The status a screen's stage table shows for {@code stageId}. */
  private static String status(Screen screen, String stageId) {
    return screen.lines().stream().filter(line -> line.startsWith("  " + stageId + " ")).findFirst()
        .map(line -> line.strip().split(" +")[1]).orElse("");
  }

  /** The log of the environment's migration job so far, as the simulated GitLab serves it. */
  private static String migrationLog(String environment) {
    return server.gitLab().pipelines("gitlab-com/gl-infra/deployer").stream()
        .flatMap(pipeline -> pipeline.jobs().stream())
        .filter(job -> job.name().equals(environment + "-postdeploy-migrations"))
        .map(JobSnapshot::trace).reduce((first, last) -> last).orElse("");
  }

  private static boolean migrationPipelineSucceeded(String environment) {
    return server.gitLab().pipelines("gitlab-com/gl-infra/deployer").stream()
        .filter(pipeline -> environment.equals(pipeline.variables().get("DEPLOY_ENVIRONMENT")))
        .map(PipelineSnapshot::status).reduce((first, last) -> last).filter("success"::equals).isPresent();
  }

  private static String runStatus() {
    try {
      return JSON.readTree(server.pdm("run", runId, "--json").out()).path("run").path("status").asText();
    } catch (java.io.IOException e) {
      throw new AssertionError("pdm run --json did not print JSON", e);
    }
  }
}
