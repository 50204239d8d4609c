package dev.pdm.core.risk;

import dev.pdm.core.triage.KindEvidence;
import dev.pdm.core.triage.MigrationClassification;
import dev.pdm.core.triage.MigrationKind;
import dev.pdm.core.triage.MigrationKindClassifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Classifies a pending migration from its source before it runs: the DDL/DML evidence of
 * {@link MigrationKindClassifier}, refined into batched background migrations queued and concurrent index builds, and
 * flagged where the runbook asks for care. Everything beyond the kind classifier is a single pass over the evidence
 * lines (no regular expressions); it is CPU work, to be run off an event loop.
 */
public final class MigrationRiskClassifier {
  /** Schema calls that take a lock blocking writes on an existing table. */
  private static final List<String> LOCKING_CALLS = List.of("add_index", "remove_index", "remove_column", "rename_column",
      "rename_table", "change_column", "add_foreign_key", "add_check_constraint", "add_not_null_constraint",
      "add_text_limit", "drop_table", "swap_primary_key", "add_reference", "remove_reference", "add_column",
      "change_table");
  private static final List<String> BACKGROUND_CALLS = List.of("queue_batched_background_migration",
      "queue_background_migration_jobs_by_range_at_intervals", "bulk_queue_background_migration_jobs_by_range",
      "migrate_in", "bulk_migrate_in", "migrate_async", "bulk_migrate_async");
  private static final List<String> SQL_TABLE_AFTER = List.of("UPDATE ", "DELETE FROM ", "INSERT INTO ", "TRUNCATE ",
      "MERGE INTO ");

  private final Set<String> largeTables;

  /** Flags data changes on {@code largeTables}. */
  public MigrationRiskClassifier(List<String> largeTables) {
    this.largeTables = Set.copyOf(largeTables);
  }

  /** The migration's risk, from its Ruby source. */
  public MigrationRisk classify(String source) {
    MigrationClassification classification = MigrationKindClassifier.classify(source);
    List<String> lines = source.lines().toList();
    Set<String> created = new HashSet<>();
    List<RiskEvidence> evidence = new ArrayList<>();
    for (KindEvidence found : classification.evidence()) {
      String text = found.line() >= 1 && found.line() <= lines.size() ? lines.get(found.line() - 1).strip() : "";
      evidence.add(refine(found, text, created));
    }
    RiskKind kind = evidence.stream().map(RiskEvidence::kind).max(Enum::compareTo).orElse(RiskKind.OTHER);
    return new MigrationRisk(kind, evidence);
  }

  private RiskEvidence refine(KindEvidence found, String text, Set<String> created) {
    String call = found.call();
    String lower = text.toLowerCase(Locale.ROOT);
    if (found.kind() == MigrationKind.DML) {
      if (BACKGROUND_CALLS.stream().anyMatch(call::startsWith)) {
        return new RiskEvidence(RiskKind.BATCHED_BACKGROUND_MIGRATION, call, found.line(), text,
            firstSymbolAfter(text, call, false), Optional.empty());
      }
      Optional<String> table = call.startsWith("execute") || call.startsWith("exec_") ? sqlTable(text)
          : firstSymbolAfter(text, call, true);
      Optional<String> flag = table.filter(largeTables::contains)
          .map(t -> "changes data on the large table " + t + " (" + call + ", line " + found.line() + ")");
      return new RiskEvidence(RiskKind.DML, call, found.line(), text, table, flag);
    }
    Optional<String> table = call.startsWith("execute") ? Optional.empty() : firstSymbolAfter(text, call, true);
    if (call.startsWith("create_table") || call.startsWith("create_join_table")) {
      table.ifPresent(created::add);
    }
    boolean concurrent = call.contains("concurrent") || lower.contains("concurrently");
    if (call.contains("index") && concurrent) {
      return new RiskEvidence(RiskKind.INDEX_CONCURRENTLY, call, found.line(), text, table, Optional.empty());
    }
    boolean locking = !concurrent && LOCKING_CALLS.stream().anyMatch(call::startsWith)
        && !(call.startsWith("add_foreign_key") && lower.contains("validate: false"))
        && table.map(t -> !created.contains(t)).orElse(true);
    Optional<String> flag = locking ? Optional.of("takes a lock on " + table.map(t -> "the existing table " + t)
        .orElse("an existing table") + " (" + call + ", line " + found.line() + ")") : Optional.empty();
    return new RiskEvidence(RiskKind.DDL, call, found.line(), text, table, flag);
  }

  /**
   * The first {@code :symbol} (or, when {@code quoted}, quoted name) after the call on its line: the table the call acts
   * on. A batched background migration names its job class first, in quotes, and its table as the first symbol.
   */
  static Optional<String> firstSymbolAfter(String text, String call, boolean quoted) {
    int at = text.indexOf(call);
    int i = at < 0 ? 0 : at + call.length();
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == ':' && i + 1 < text.length() && text.charAt(i + 1) != ':') {
        return word(text, i + 1);
      }
      if (quoted && (c == '"' || c == '\'')) {
        int start = i + 1;
        return word(text, start).filter(n -> start + n.length() < text.length() && text.charAt(start + n.length()) == c);
      }
      if (quoted && (c == ',' || c == ')')) {
        return Optional.empty();
      }
      i++;
    }
    return Optional.empty();
  }

  /** The table after {@code UPDATE}, {@code DELETE FROM}, {@code INSERT INTO} in an SQL string. */
  static Optional<String> sqlTable(String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    for (String keyword : SQL_TABLE_AFTER) {
      int at = upper.indexOf(keyword);
      if (at >= 0) {
        return word(text, at + keyword.length()).map(w -> w.toLowerCase(Locale.ROOT));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> word(String text, int from) {
    int end = from;
    while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
      end++;
    }
    return end > from ? Optional.of(text.substring(from, end)) : Optional.empty();
  }
}
