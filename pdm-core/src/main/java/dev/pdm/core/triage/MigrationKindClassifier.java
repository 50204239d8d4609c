package dev.pdm.core.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Tells from a migration's Ruby source whether it changes the schema (DDL) or the data (DML), by the Rails and GitLab
 * migration helpers it calls and the SQL it executes. The {@code down} method is ignored: a failed post-deploy
 * migration failed going up.
 *
 * <p>The source is GitLab data, so anyone who can push a migration chooses it: the classifier reads it in one pass,
 * word by word (no regular expression backtracks over it), and time grows linearly with its length. Still, it is
 * called off the event loop, and files over {@link #MAX_SOURCE_CHARS} are not classified at all.
 */
public final class MigrationKindClassifier {
  /** Real migrations are a few kilobytes; anything this large is not one worth reading. */
  public static final int MAX_SOURCE_CHARS = 512 * 1024;
  /** Evidence kept per kind: enough to show why, bounded so that a crafted file cannot bloat a run's record. */
  static final int MAX_EVIDENCE_PER_KIND = 10;
  private static final List<String> DDL_PREFIXES = List.of("add_", "remove_", "validate_", "prepare_async_",
      "unprepare_async_");
  private static final List<String> DDL_OBJECTS = List.of("index", "column", "constraint", "foreign_key",
      "text_limit", "reference", "timestamps", "sequence");
  private static final Set<String> DDL_CALLS = Set.of("create_table", "drop_table", "rename_table", "change_table",
      "create_join_table", "drop_join_table", "rename_join_table", "change_join_table", "rename_index",
      "cleanup_concurrent_column_rename", "undo_rename_column_concurrently", "swap_primary_key", "create_trigger",
      "drop_trigger", "install_rename_triggers", "remove_rename_triggers", "initialize_conversion_of_integer_to_bigint",
      "cleanup_conversion_of_integer_to_bigint", "partition_table_by_date", "drop_partitioned_table_for");
  private static final Set<String> DML_CALLS = Set.of("update_all", "delete_all", "destroy_all", "update_column",
      "update_columns", "insert_all", "insert_all!", "upsert_all", "update_column_in_batches", "each_batch",
      "each_batch_range", "in_batches", "find_each", "find_in_batches", "queue_batched_background_migration",
      "delete_batched_background_migration", "ensure_batched_background_migration_is_finished",
      "finalize_batched_background_migration", "queue_background_migration_jobs_by_range_at_intervals",
      "bulk_queue_background_migration_jobs_by_range", "migrate_in", "bulk_migrate_in", "migrate_async",
      "bulk_migrate_async", "finalize_background_migration", "delete_queued_jobs", "truncate_tables!",
      "restrict_gitlab_migration");
  /** Record methods that write, when called on something ({@code thing.update!}). */
  private static final Set<String> DML_METHODS = Set.of("update", "update!", "delete", "destroy", "destroy!", "create",
      "create!", "save", "save!", "insert", "upsert");
  private static final Set<String> SQL_CALLS = Set.of("execute", "exec_query", "exec_update", "exec_delete",
      "exec_insert");
  private static final Set<String> DML_SQL = Set.of("UPDATE", "DELETE", "INSERT", "MERGE", "COPY", "TRUNCATE");
  private static final Set<String> DDL_SQL = Set.of("CREATE", "ALTER", "DROP", "COMMENT", "REINDEX");
  private static final Set<String> DML_IN_CTE = Set.of("UPDATE", "DELETE", "INSERT");
  private static final int CTE_LOOKAHEAD_CHARS = 2_000;

  private MigrationKindClassifier() {
  }

  /** The kind of the migration in {@code rubySource}, with the calls that show it. Linear in the source's length. */
  public static MigrationClassification classify(String rubySource) {
    String code = RubySource.withoutDownMethod(RubySource.withoutComments(rubySource));
    List<Word> words = Word.all(code);
    List<Integer> cteWrites = words.stream().filter(w -> DML_IN_CTE.contains(w.bare().toUpperCase(Locale.ROOT)))
        .map(Word::start).toList();
    RubySource.Newlines newlines = new RubySource.Newlines(code);
    Evidence evidence = new Evidence();
    for (Word word : words) {
      kindOfCall(code, word).ifPresent(kind -> evidence.add(new KindEvidence(kind, word.text(), word.line())));
      if (SQL_CALLS.contains(word.text()) && word.notAfterSymbolOrQuote(code)) {
        sqlKeyword(code, word.end(), newlines).ifPresent(keyword -> sqlKind(keyword, cteWrites).ifPresent(kind ->
            evidence.add(new KindEvidence(kind, word.text() + "(" + keyword.text().toUpperCase(Locale.ROOT) + " ...)",
                word.line()))));
      }
    }
    return new MigrationClassification(evidence.kind(), evidence.list());
  }

  private static Optional<MigrationKind> kindOfCall(String code, Word word) {
    String name = word.text();
    if (word.notAfterSymbolOrQuote(code) && (DDL_CALLS.contains(name) || isDdlHelper(name))) {
      return Optional.of(MigrationKind.DDL);
    }
    boolean dml = word.notAfterSymbolOrQuote(code) && DML_CALLS.contains(name)
        || word.after(code, '.') && DML_METHODS.contains(name);
    return dml ? Optional.of(MigrationKind.DML) : Optional.empty();
  }

  /** {@code add_concurrent_index}, {@code remove_foreign_key_if_exists}, {@code change_column_default}, ... */
  private static boolean isDdlHelper(String name) {
    if (name.endsWith("?") || name.endsWith("!")) {
      return false;
    }
    if (name.startsWith("change_column") || name.startsWith("rename_column")) {
      return true;
    }
    for (String prefix : DDL_PREFIXES) {
      if (name.startsWith(prefix)) {
        String rest = name.substring(prefix.length());
        return DDL_OBJECTS.stream().anyMatch(rest::contains);
      }
    }
    return false;
  }

  /**
   * The first SQL word after {@code execute}: past an optional parenthesis and an opening quote, {@code %q(} or
   * heredoc line ({@code <<~SQL}).
   */
  private static Optional<Word> sqlKeyword(String code, int afterCall, RubySource.Newlines newlines) {
    int i = RubySource.skipSpace(code, afterCall);
    if (i < code.length() && code.charAt(i) == '(') {
      i = RubySource.skipSpace(code, i + 1);
    }
    i = RubySource.afterStringOpening(code, i, newlines);
    if (i < 0) {
      return Optional.empty();
    }
    i = RubySource.skipSpace(code, i);
    int end = i;
    while (end < code.length() && isAsciiLetter(code.charAt(end))) {
      end++;
    }
    return end == i ? Optional.empty() : Optional.of(new Word(code.substring(i, end), i, end, 0));
  }

  private static Optional<MigrationKind> sqlKind(Word keyword, List<Integer> cteWrites) {
    String upper = keyword.text().toUpperCase(Locale.ROOT);
    if (DML_SQL.contains(upper)) {
      return Optional.of(MigrationKind.DML);
    }
    if (DDL_SQL.contains(upper)) {
      return Optional.of(MigrationKind.DDL);
    }
    if (upper.equals("WITH")) {
      int next = firstAtOrAfter(cteWrites, keyword.end());
      if (next >= 0 && next < keyword.end() + CTE_LOOKAHEAD_CHARS) {
        return Optional.of(MigrationKind.DML);
      }
    }
    return Optional.empty();
  }

  /** The first offset in the sorted {@code offsets} at or after {@code from}, or -1. */
  private static int firstAtOrAfter(List<Integer> offsets, int from) {
    int low = 0;
    int high = offsets.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (offsets.get(middle) < from) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low < offsets.size() ? offsets.get(low) : -1;
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
  }

  /**
   * A Ruby word: letters, digits and underscores, with a trailing {@code ?} or {@code !} when there is one.
   *
   * @param line the 1-based line it is on
   */
  record Word(String text, int start, int end, int line) {
    /** Every word of {@code code}, in order, found in one pass. */
    static List<Word> all(String code) {
      List<Word> words = new ArrayList<>();
      int line = 1;
      int i = 0;
      while (i < code.length()) {
        char c = code.charAt(i);
        if (!isWordChar(c)) {
          if (c == '\n') {
            line++;
          }
          i++;
          continue;
        }
        int start = i;
        while (i < code.length() && isWordChar(code.charAt(i))) {
          i++;
        }
        if (i < code.length() && (code.charAt(i) == '?' || code.charAt(i) == '!')) {
          i++;
        }
        words.add(new Word(code.substring(start, i), start, i, line));
      }
      return words;
    }

    /** The word without a trailing {@code ?} or {@code !}. */
    String bare() {
      return text.endsWith("?") || text.endsWith("!") ? text.substring(0, text.length() - 1) : text;
    }

    static boolean isWordChar(char c) {
      return isAsciiLetter(c) || c >= '0' && c <= '9' || c == '_';
    }

    /** Not a symbol ({@code :update_all}), a constant path part ({@code A::b}) or inside a string's first word. */
    boolean notAfterSymbolOrQuote(String code) {
      return !(after(code, ':') || after(code, '"') || after(code, '\''));
    }

    boolean after(String code, char c) {
      return start > 0 && code.charAt(start - 1) == c;
    }
  }

  /** The evidence found: in source order, at most {@link #MAX_EVIDENCE_PER_KIND} of each kind. */
  private static final class Evidence {
    private final List<KindEvidence> kept = new ArrayList<>();
    private int ddl;
    private int dml;

    void add(KindEvidence found) {
      int seen = found.kind() == MigrationKind.DML ? ++dml : ++ddl;
      if (seen <= MAX_EVIDENCE_PER_KIND) {
        kept.add(found);
      }
    }

    MigrationKind kind() {
      return dml > 0 ? MigrationKind.DML : ddl > 0 ? MigrationKind.DDL : MigrationKind.UNKNOWN;
    }

    List<KindEvidence> list() {
      return kept;
    }
  }
}
