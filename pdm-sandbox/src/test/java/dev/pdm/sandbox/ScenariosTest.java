package dev.pdm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pdm.sandbox.scenario.Scenario;
import dev.pdm.sandbox.scenario.ScenarioException;
import dev.pdm.sandbox.scenario.ScenarioLoader;
import dev.pdm.sandbox.state.GitLabState;
import dev.pdm.sandbox.state.ScenarioSeeder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScenariosTest {
  private final ScenarioLoader loader = new ScenarioLoader();

  static Iterable<String> builtIn() {
    return ScenarioLoader.BUILT_IN;
  }

  @ParameterizedTest
  @MethodSource("builtIn")
  void everyBuiltInScenarioLoadsAndSeedsTheProjectsPdmNeeds(String name) {
    GitLabState state = ScenarioSeeder.seed(loader.load(name), Instant::now);

    assertThat(state.scenarioName()).isEqualTo(name);
    assertThat(state.projectWithRole("canonical")).isPresent();
    assertThat(state.projectWithRole("security")).isPresent();
    assertThat(state.projectWithRole("deployer")).isPresent();
    assertThat(state.projectWithRole("qa")).isPresent();
    assertThat(state.project("gitlab-com/gl-infra/production")).isPresent();
    assertThat(state.group("gitlab-org/maintainers/database").orElseThrow().members()).hasSize(2);
  }

  @Test
  void happyHasFourPendingMigrationsOnStagingAndProduction() {
    GitLabState state = ScenarioSeeder.seed(loader.load("happy"), Instant::now);

    assertThat(state.schemaMigrations("gstg")).containsExactly("20241001000000", "20241015120000");
    assertThat(state.schemaMigrations("gprd")).containsExactly("20241001000000", "20241015120000");
    assertThat(state.lastSuccessfulDeployment(state.project("gitlab-org/gitlab").orElseThrow(),
        "gstg").orElseThrow().ref).isEqualTo("17-6-auto-deploy-2024110808");
  }

  @Test
  void nothingPendingRecordsEveryMigrationAsRun() {
    GitLabState state = ScenarioSeeder.seed(loader.load("nothing-pending"), Instant::now);

    assertThat(state.schemaMigrations("gstg")).hasSize(6);
    assertThat(state.schemaMigrations("gprd")).hasSize(6);
  }

  @Test
  void aScenarioThatDependsOnTheDayStartsTheClockThen() {
    Instant wednesday = Instant.parse("2024-11-06T12:00:00Z");

    assertThat(loader.load("deny-window").clockStartAfter(wednesday)).contains(Instant.parse("2024-11-09T10:00:00Z"));
    assertThat(loader.load("scheduled-firing").clockStartAfter(wednesday)).contains(Instant.parse("2024-11-12T02:55:00Z"));
    assertThat(loader.load("happy").clockStartAfter(wednesday)).isEmpty();
  }

  @Test
  void aMigrationCanTakeLongerOnOneEnvironment() {
    GitLabState state = ScenarioSeeder.seed(loader.load("slow-production-migration"), Instant::now);

    dev.pdm.sandbox.state.RepoFile file = state.project("gitlab-org/gitlab").orElseThrow().repository()
        .filesAt(state.project("gitlab-org/gitlab").orElseThrow().repository()
            .commit(state.lastSuccessfulDeployment(state.project("gitlab-org/gitlab").orElseThrow(), "gprd").orElseThrow().sha)
            .orElseThrow())
        .get("db/post_migrate/20241108150000_add_index_issues_on_closed_at.rb");
    assertThat(file.operations().get(0).secondsOn("gstg")).isEqualTo(3.5);
    assertThat(file.operations().get(0).secondsOn("gprd")).isEqualTo(900);
  }

  @Test
  void loadsAScenarioFileFromAPathOnTopOfABuiltInBase(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("custom.yaml");
    Files.writeString(file, "name: custom\nbase: happy\nissues:\n"
        + "  - {project: gitlab-com/gl-infra/production, title: Boom, labels: [incident],"
        + " issue_type: incident, author: emil-larsen}\n");

    Scenario scenario = loader.load(file.toString());

    assertThat(scenario.name()).isEqualTo("custom");
    assertThat(scenario.issues()).extracting(Scenario.ScenarioIssue::title).contains("Boom");
  }

  @Test
  void loadsAScenarioWrittenAsJson(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("custom.json");
    Files.writeString(file, "{\"name\": \"as-json\", \"base\": \"nothing-pending\","
        + " \"faults\": {\"qa\": [{\"job\": \"qa-reliable\"}]}}");

    Scenario scenario = loader.load(file.toString());

    assertThat(scenario.name()).isEqualTo("as-json");
    assertThat(scenario.faults().qa()).extracting(f -> f.job()).containsExactly("qa-reliable");
    assertThat(ScenarioSeeder.seed(scenario, Instant::now).schemaMigrations("gstg")).hasSize(6);
  }

  @Test
  void refusesAnUnknownFieldNamingIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("typo.yaml");
    Files.writeString(file, "name: typo\nbase: happy\nisues: []\n");

    assertThatThrownBy(() -> loader.load(file.toString()))
        .isInstanceOf(ScenarioException.class).hasMessageContaining("isues");
  }

  @Test
  void refusesAScenarioNamingAnUnknownUserAndSaysWhichField(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "name: bad\nbase: happy\nissues:\n"
        + "  - {project: gitlab-com/gl-infra/production, title: X, author: nobody}\n");

    assertThatThrownBy(() -> ScenarioSeeder.seed(loader.load(file.toString()), Instant::now))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("issues.author").hasMessageContaining("nobody");
  }

  @Test
  void refusesAnUnknownScenarioName() {
    assertThatThrownBy(() -> loader.load("no-such-scenario"))
        .isInstanceOf(ScenarioException.class).hasMessageContaining("no-such-scenario")
        .hasMessageContaining("happy");
  }
}
