package dev.materia.api.selection;

import java.util.Collection;
import java.util.Optional;

/** Suggests the closest known name for a misspelled one, so messages can say "did you mean". */
public final class Spelling {
  private Spelling() {}

  /**
   * The candidate closest to {@code wrong} by edit distance (or sharing its last key segment), when
   * close enough to be a likely typo.
   */
  public static Optional<String> closest(String wrong, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String wrongLast = lastSegment(wrong);
    for (String candidate : candidates) {
      int distance = lastSegment(candidate).equals(wrongLast) ? 0 : distance(wrong, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int allowed = Math.max(2, wrong.length() / 4);
    return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /** " Did you mean \"x\"?" or an empty string. */
  public static String didYouMean(String wrong, Collection<String> candidates) {
    return closest(wrong, candidates).map(s -> " Did you mean \"" + s + "\"?").orElse("");
  }

  private static String lastSegment(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  private static int distance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 8) {
      return Integer.MAX_VALUE;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
