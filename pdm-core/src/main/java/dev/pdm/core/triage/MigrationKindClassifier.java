package dev.pdm.core.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells from a migration's Ruby source whether it changes the schema (DDL) or the data (DML), by the Rails and GitLab
 * migration helpers it calls and the SQL it executes. The {@code down} method is ignored: a failed post-deploy
 * migration failed going up.
 */
public final class MigrationKindClassifier {
  private static final String NOT_AFTER = "(?<![\\w:\"'])";
  private static final String WORD_END = "(?![\\w?!])";
  private static final Pattern DDL_CALL = Pattern.compile(NOT_AFTER + "(?:"
      + "(?:add|remove|validate|prepare_async|unprepare_async)_\\w*?"
      + "(?:index|indexes|column|columns|constraint|foreign_key|text_limit|reference|timestamps|sequence)\\w*"
      + "|(?:create|drop|rename|change)_(?:join_)?table|change_column\\w*|rename_column\\w*|rename_index"
      + "|cleanup_concurrent_column_rename|undo_rename_column_concurrently|swap_primary_key"
      + "|(?:create|drop)_trigger|install_rename_triggers|remove_rename_triggers"
      + "|initialize_conversion_of_integer_to_bigint|cleanup_conversion_of_integer_to_bigint"
      + "|partition_table_by_date|drop_partitioned_table_for)" + WORD_END);
  private static final Pattern DML_CALL = Pattern.compile(NOT_AFTER + "(?:"
      + "update_all|delete_all|destroy_all|update_columns?|insert_all!?|upsert_all|update_column_in_batches"
      + "|each_batch|each_batch_range|in_batches|find_each|find_in_batches"
      + "|queue_batched_background_migration|delete_batched_background_migration"
      + "|ensure_batched_background_migration_is_finished|finalize_batched_background_migration"
      + "|queue_background_migration_jobs_by_range_at_intervals|bulk_queue_background_migration_jobs_by_range"
      + "|migrate_in|bulk_migrate_in|migrate_async|bulk_migrate_async|finalize_background_migration"
      + "|delete_queued_jobs|truncate_tables!|restrict_gitlab_migration)" + WORD_END
      + "|(?<=\\.)(?:update!?|delete|destroy!?|create!?|save!?|insert|upsert)(?![\\w?!])");
  private static final Pattern SQL_CALL = Pattern.compile(NOT_AFTER + "(?:execute|exec_query|exec_update|exec_delete|exec_insert)\\b"
      + "\\s*\\(?\\s*(?:<<[~-]?['\"]?\\w+['\"]?[^\\n]*\\n|%[qQ]?[({\\[]|[\"'])?\\s*([A-Za-z]+)");
  private static final Pattern DOWN_METHOD = Pattern.compile("(?m)^([ \\t]*)def down\\b");
  private static final Set<String> DML_SQL = Set.of("UPDATE", "DELETE", "INSERT", "MERGE", "COPY", "TRUNCATE");
  private static final Set<String> DDL_SQL = Set.of("CREATE", "ALTER", "DROP", "COMMENT", "REINDEX");
  private static final Pattern DML_IN_CTE = Pattern.compile("\\b(UPDATE|DELETE|INSERT)\\b", Pattern.CASE_INSENSITIVE);
  private static final int CTE_LOOKAHEAD_CHARS = 2_000;

  private MigrationKindClassifier() {
  }

  /** The kind of the migration in {@code rubySource}, with the calls that show it. */
  public static MigrationClassification classify(String rubySource) {
    String code = withoutDownMethod(withoutComments(rubySource));
    List<Found> found = new ArrayList<>();
    collect(DDL_CALL, MigrationKind.DDL, code, found);
    collect(DML_CALL, MigrationKind.DML, code, found);
    Matcher sql = SQL_CALL.matcher(code);
    while (sql.find()) {
      sqlKind(sql.group(1), code, sql.end()).ifPresent(kind -> found.add(
          new Found(sql.start(), kind, sql.group().split("[\\s(]", 2)[0] + "(" + sql.group(1).toUpperCase(Locale.ROOT) + " ...)")));
    }
    found.sort((a, b) -> Integer.compare(a.offset, b.offset));
    List<KindEvidence> evidence = found.stream()
        .map(f -> new KindEvidence(f.kind, f.call, lineOf(code, f.offset)))
        .toList();
    return new MigrationClassification(kindOf(evidence), evidence);
  }

  private static MigrationKind kindOf(List<KindEvidence> evidence) {
    if (evidence.stream().anyMatch(e -> e.kind() == MigrationKind.DML)) {
      return MigrationKind.DML;
    }
    return evidence.isEmpty() ? MigrationKind.UNKNOWN : MigrationKind.DDL;
  }

  private static Optional<MigrationKind> sqlKind(String firstWord, String code, int afterWord) {
    String keyword = firstWord.toUpperCase(Locale.ROOT);
    if (DML_SQL.contains(keyword)) {
      return Optional.of(MigrationKind.DML);
    }
    if (DDL_SQL.contains(keyword)) {
      return Optional.of(MigrationKind.DDL);
    }
    if (keyword.equals("WITH")
        && DML_IN_CTE.matcher(code).region(afterWord, Math.min(code.length(), afterWord + CTE_LOOKAHEAD_CHARS)).find()) {
      return Optional.of(MigrationKind.DML);
    }
    return Optional.empty();
  }

  private static void collect(Pattern call, MigrationKind kind, String code, List<Found> into) {
    Matcher matcher = call.matcher(code);
    while (matcher.find()) {
      into.add(new Found(matcher.start(), kind, matcher.group()));
    }
  }

  private static int lineOf(String code, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (code.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** Blanks {@code # comments} (not {@code #{interpolation}}) outside quotes, keeping line numbers. */
  private static String withoutComments(String source) {
    StringBuilder out = new StringBuilder(source.length());
    char quote = 0;
    boolean comment = false;
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '\n') {
        comment = false;
        quote = 0;
      } else if (comment) {
        continue;
      } else if (quote != 0) {
        if (c == '\\' && i + 1 < source.length() && source.charAt(i + 1) != '\n') {
          out.append(c).append(source.charAt(++i));
          continue;
        }
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#' && (i + 1 >= source.length() || source.charAt(i + 1) != '{')) {
        comment = true;
        continue;
      }
      out.append(c);
    }
    return out.toString();
  }

  /** Blanks the body of {@code def down ... end}, found by the indentation of its {@code end}, keeping line numbers. */
  private static String withoutDownMethod(String code) {
    Matcher down = DOWN_METHOD.matcher(code);
    if (!down.find()) {
      return code;
    }
    Matcher end = Pattern.compile("(?m)^" + Pattern.quote(down.group(1)) + "end\\b").matcher(code);
    int stop = end.find(down.end()) ? end.end() : code.length();
    String blanked = code.substring(down.start(), stop).replaceAll("[^\\n]", " ");
    return code.substring(0, down.start()) + blanked + code.substring(stop);
  }

  private record Found(int offset, MigrationKind kind, String call) {
  }
}
