package dev.pdm.core.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostMigrateFileTest {
  private static final String PATH = "db/post_migrate/20230701120000_create_security_policy_requirements_table.rb";

  @Test
  void readsVersionAndClassNameFromAPostDeployMigrationPath() {
    assertThat(PostMigrateFile.parse(PATH)).contains(
        new PostMigrateFile("20230701120000", "CreateSecurityPolicyRequirementsTable", PATH));
    assertThat(PostMigrateFile.rejectionReason(PATH)).isEmpty();
  }

  @Test
  void buildsThePathRailsExpectsFromVersionAndClassName() {
    assertThat(PostMigrateFile.of("20230701120000", "CreateSecurityPolicyRequirementsTable"))
        .isEqualTo(new PostMigrateFile("20230701120000", "CreateSecurityPolicyRequirementsTable", PATH));
  }

  @Test
  void buildsTheSnakeNameOfAnAcronymClassAsRailsUnderscoresIt() {
    assertThat(PostMigrateFile.of("20240101000000", "AddIndexOnCIBuilds").path())
        .isEqualTo("db/post_migrate/20240101000000_add_index_on_ci_builds.rb");
  }

  @Test
  void givesTheSnakeName() {
    assertThat(PostMigrateFile.parse(PATH).orElseThrow().snakeName()).isEqualTo("create_security_policy_requirements_table");
  }

  @Test
  void givesTheSnakeNameOfAFileBuiltByHandWithAnUnusualPath() {
    assertThat(new PostMigrateFile("1", "AddThings", "vendor/1_add_things.rb").snakeName()).isEqualTo("add_things");
    assertThat(new PostMigrateFile("20230701120000", "AddThings", "add_things").snakeName()).isEqualTo("add_things");
  }

  @Test
  void matchesTheClassRailsLoadsFromTheFile() {
    assertThat(PostMigrateFile.parse(PATH).orElseThrow().matches("CreateSecurityPolicyRequirementsTable")).isTrue();
  }

  @Test
  void matchesAClassWrittenWithAnAcronym() {
    PostMigrateFile file = PostMigrateFile.parse("db/post_migrate/20240101000000_add_index_on_ci_builds.rb").orElseThrow();

    assertThat(file.className()).isEqualTo("AddIndexOnCiBuilds");
    assertThat(file.matches("AddIndexOnCIBuilds")).isTrue();
  }

  @Test
  void matchesAClassWithAnAcronymNextToDigits() {
    PostMigrateFile file = PostMigrateFile.parse("db/post_migrate/20240101000000_backfill_2fa_users.rb").orElseThrow();

    assertThat(file.matches("Backfill2faUsers")).isTrue();
    assertThat(file.matches("Backfill2FAUsers")).isTrue();
  }

  @Test
  void doesNotMatchAnotherClass() {
    PostMigrateFile file = PostMigrateFile.parse(PATH).orElseThrow();

    assertThat(file.matches("CreateSecurityPolicyRequirements")).isFalse();
    assertThat(file.matches(null)).isFalse();
  }

  @Test
  void rejectsARegularMigration() {
    assertThat(PostMigrateFile.parse("db/migrate/20230701120000_create_things.rb")).isEmpty();
    assertThat(rejection("db/migrate/20230701120000_create_things.rb")).contains("db/migrate/20230701120000_create_things.rb")
            .contains("not in db/post_migrate/");
  }

  @Test
  void rejectsAnEnterpriseEditionDirectory() {
    assertThat(rejection("ee/db/post_migrate/20230701120000_create_things.rb")).contains("not in db/post_migrate/");
  }

  @Test
  void rejectsAFileInASubdirectory() {
    assertThat(rejection("db/post_migrate/old/20230701120000_create_things.rb")).contains("subdirectory");
  }

  @Test
  void rejectsAFileThatIsNotRuby() {
    assertThat(rejection("db/post_migrate/20230701120000_create_things.txt")).contains("does not end in .rb");
  }

  @Test
  void rejectsAVersionThatIsNotFourteenDigits() {
    assertThat(rejection("db/post_migrate/2023070112000_create_things.rb")).contains("'2023070112000'").contains("14 digits");
  }

  @Test
  void rejectsANameThatIsNotSnakeCase() {
    assertThat(rejection("db/post_migrate/20230701120000_CreateThings.rb")).contains("'CreateThings'").contains("snake_case");
  }

  @Test
  void rejectsAFileWithoutAName() {
    assertThat(rejection("db/post_migrate/20230701120000.rb")).contains("snake_case");
  }

  @Test
  void rejectsAnEmptyPath() {
    assertThat(rejection("")).contains("empty");
    assertThat(PostMigrateFile.parse(null)).isEmpty();
  }

  private static String rejection(String path) {
    return PostMigrateFile.rejectionReason(path).orElseThrow();
  }

  @Test
  void refusesToBuildAPathFromAShortVersion() {
    assertThatThrownBy(() -> PostMigrateFile.of("2023", "CreateThings"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version '2023'").hasMessageContaining("14 digits");
  }

  @Test
  void refusesToBuildAPathFromAClassNameThatIsNotAConstant() {
    assertThatThrownBy(() -> PostMigrateFile.of("20230701120000", "create_things"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("className 'create_things'");
  }
}
