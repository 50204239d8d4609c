package dev.pdm.core.migrations;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ActiveSupport's {@code underscore} and {@code camelize} for migration names, with Rails' default inflections
 * (no acronyms defined), which is how Rails turns a migration file name into the class it loads.
 */
public final class RailsInflector {
  private static final Pattern NEEDS_UNDERSCORING = Pattern.compile("[A-Z-]|::");
  private static final Pattern CAMEL_BOUNDARY =
      Pattern.compile("(?<=[A-Z])(?=[A-Z][a-z])|(?<=[a-z\\d])(?=[A-Z])");
  private static final Pattern WORD_AFTER_SEPARATOR = Pattern.compile("(?:_|(/))([a-z\\d]*)", Pattern.CASE_INSENSITIVE);
  private static final Pattern LEADING_WORD = Pattern.compile("^[a-z\\d]*");

  private RailsInflector() {
  }

  /**
   * {@code ActiveSupport::Inflector.underscore}: {@code AddIndexOnCIBuilds} → {@code add_index_on_ci_builds},
   * {@code Gitlab::BackgroundMigration} → {@code gitlab/background_migration}.
   */
  public static String underscore(String camelCased) {
    if (!NEEDS_UNDERSCORING.matcher(camelCased).find()) {
      return camelCased;
    }
    String word = camelCased.replace("::", "/");
    word = CAMEL_BOUNDARY.matcher(word).replaceAll("_");
    return word.replace('-', '_').toLowerCase(Locale.ROOT);
  }

  /**
   * {@code ActiveSupport::Inflector.camelize} (upper camel case): {@code add_v2_column} → {@code AddV2Column},
   * {@code backfill_2fa_users} → {@code Backfill2faUsers}; like Ruby's {@code capitalize}, each word's tail is downcased.
   */
  public static String camelize(String term) {
    Matcher leading = LEADING_WORD.matcher(term);
    String string = leading.find() ? capitalize(leading.group()) + term.substring(leading.end()) : term;
    Matcher words = WORD_AFTER_SEPARATOR.matcher(string);
    StringBuilder out = new StringBuilder(string.length());
    while (words.find()) {
      String replacement = (words.group(1) != null ? "::" : "") + capitalize(words.group(2));
      words.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    words.appendTail(out);
    return out.toString();
  }

  private static String capitalize(String word) {
    if (word.isEmpty()) {
      return word;
    }
    return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1).toLowerCase(Locale.ROOT);
  }
}
