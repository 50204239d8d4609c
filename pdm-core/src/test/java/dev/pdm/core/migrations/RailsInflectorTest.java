package dev.pdm.core.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RailsInflectorTest {
  @Test
  void underscoresAnAcronymAsOneWord() {
    assertThat(RailsInflector.underscore("AddIndexOnCIBuilds")).isEqualTo("add_index_on_ci_builds");
  }

  @Test
  void underscoresDigitsWithThePrecedingWord() {
    assertThat(RailsInflector.underscore("AddV2Column")).isEqualTo("add_v2_column");
    assertThat(RailsInflector.underscore("Backfill2faUsers")).isEqualTo("backfill2fa_users");
  }

  @Test
  void underscoresNamespacesAsPaths() {
    assertThat(RailsInflector.underscore("Gitlab::BackgroundMigration")).isEqualTo("gitlab/background_migration");
  }

  @Test
  void leavesAWordWithoutUppercaseAlone() {
    assertThat(RailsInflector.underscore("already_snake")).isEqualTo("already_snake");
  }

  @Test
  void camelizesEachWordCapitalizedLikeRuby() {
    assertThat(RailsInflector.camelize("create_security_policy_requirements_table"))
        .isEqualTo("CreateSecurityPolicyRequirementsTable");
    assertThat(RailsInflector.camelize("add_index_on_ci_builds")).isEqualTo("AddIndexOnCiBuilds");
  }

  @Test
  void camelizesWordsStartingWithDigitsWithoutCapitalLetters() {
    assertThat(RailsInflector.camelize("backfill_2fa_users")).isEqualTo("Backfill2faUsers");
    assertThat(RailsInflector.camelize("add_v2_column")).isEqualTo("AddV2Column");
  }

  @Test
  void camelizesPathsAsNamespaces() {
    assertThat(RailsInflector.camelize("gitlab/background_migration")).isEqualTo("Gitlab::BackgroundMigration");
  }
}
