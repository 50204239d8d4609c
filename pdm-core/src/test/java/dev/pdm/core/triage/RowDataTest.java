package dev.pdm.core.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RowDataTest {

  @Test
  void keepsTheKeyButNotItsValue() {
    assertThat(RowData.redact("""
        PG::UniqueViolation: ERROR:  duplicate key value violates unique constraint "index_users_on_email"
        DETAIL:  Key (lower((email)::text))=(ceo@example.com) already exists."""))
        .isEqualTo("""
            PG::UniqueViolation: ERROR:  duplicate key value violates unique constraint "index_users_on_email"
            DETAIL:  Key (lower((email)::text))=([redacted]) already exists.""");
  }

  @Test
  void redactsAFailingRowWhateverItsValuesHold() {
    assertThat(RowData.redact("""
        ERROR:  null value in column "name" of relation "users" violates not-null constraint
        DETAIL:  Failing row contains (42, null, "a (quoted) value, with a comma", "two
        lines").
        """)).isEqualTo("""
        ERROR:  null value in column "name" of relation "users" violates not-null constraint
        DETAIL:  Failing row contains ([redacted]).
        """);
  }

  @Test
  void redactsForeignKeysAndExclusionConflictsToo() {
    assertThat(RowData.redact("DETAIL:  Key (project_id)=(1234) is not present in table \"projects\"."))
        .isEqualTo("DETAIL:  Key (project_id)=([redacted]) is not present in table \"projects\".");
    assertThat(RowData.redact("DETAIL:  Key (during)=([\"2020-01-01\",\"2020-02-01\")) conflicts with existing key"
        + " (during)=([\"2020-01-15\",\"2020-03-01\"))."))
        .startsWith("DETAIL:  Key (during)=([redacted])").contains("conflicts with existing key (during)=([redacted])")
        .doesNotContain("2020");
  }

  @Test
  void leavesTextWithoutRowDataAlone() {
    String error = "PG::DuplicateTable: ERROR:  relation \"security_policy_requirements\" already exists (42P07)";
    assertThat(RowData.redact(error)).isSameAs(error);
  }

  @Test
  void aValueThatNeverClosesIsRedactedToTheEnd() {
    assertThat(RowData.redact("DETAIL:  Key (email)=(ceo@example.com, and the log was cut"))
        .isEqualTo("DETAIL:  Key (email)=([redacted]");
  }

  @Test
  void aMegabyteOfUnclosedKeysIsRedactedInLinearTime() {
    String crafted = "Key (".repeat(200_000) + "\nFailing row contains (" .repeat(10_000);

    String redacted = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> RowData.redact(crafted));

    assertThat(redacted).startsWith("Key ([redacted]\nFailing row contains ([redacted]");
  }
}
