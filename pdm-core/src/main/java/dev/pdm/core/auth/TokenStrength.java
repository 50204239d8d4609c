package dev.pdm.core.auth;

/**
 * How hard a token is to guess, estimated from its text: the length of its shortest repeating unit (so
 * {@code abcabcabc} counts as {@code abc}, {@code aaaa} as {@code a}) times log2 of the character set it draws from
 * (hexadecimal counts as 16, decimal as 10; else lower-case letters 26, upper-case 26, digits 10, anything else 33,
 * for each kind it uses). A random token gets its due; one made by a person may be flattered, never underrated.
 */
public final class TokenStrength {
  /** What pdm asks of an API token. */
  public static final int MINIMUM_BITS = 128;

  private TokenStrength() {
  }

  public static double estimatedBits(String token) {
    if (token.isEmpty()) {
      return 0;
    }
    return shortestPeriod(token) * Math.log(alphabet(token)) / Math.log(2);
  }

  private static int alphabet(String token) {
    if (token.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')
        || token.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'A' && c <= 'F')) {
      return token.chars().allMatch(Character::isDigit) ? 10 : 16;
    }
    int size = 0;
    size += token.chars().anyMatch(c -> c >= 'a' && c <= 'z') ? 26 : 0;
    size += token.chars().anyMatch(c -> c >= 'A' && c <= 'Z') ? 26 : 0;
    size += token.chars().anyMatch(c -> c >= '0' && c <= '9') ? 10 : 0;
    size += token.chars().anyMatch(c -> !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'))
        ? 33 : 0;
    return size;
  }

  /** The length of the shortest unit the token repeats (its own length when it repeats none), in linear time. */
  private static int shortestPeriod(String text) {
    int[] border = new int[text.length()];
    for (int i = 1, k = 0; i < text.length(); i++) {
      while (k > 0 && text.charAt(i) != text.charAt(k)) {
        k = border[k - 1];
      }
      if (text.charAt(i) == text.charAt(k)) {
        k++;
      }
      border[i] = k;
    }
    int period = text.length() - border[text.length() - 1];
    return text.length() % period == 0 ? period : text.length();
  }
}
