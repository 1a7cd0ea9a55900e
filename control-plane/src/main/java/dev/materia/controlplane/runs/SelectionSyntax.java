package dev.materia.controlplane.runs;

import dev.materia.controlplane.api.ApiException;
import java.util.regex.Pattern;

/**
 * Checks the syntax of a selection ({@code key}, {@code +key}, {@code *key}, {@code key+}, {@code
 * key*}, {@code group:g}, {@code tag:k=v}, {@code kind:k}, {@code owner:o}, commas for union)
 * without a snapshot; the catalog checks the keys against the deployment's assets.
 */
final class SelectionSyntax {
  private static final Pattern KEY = Pattern.compile("[+*]*[A-Za-z0-9_][A-Za-z0-9_./-]*[+*]*");
  private static final Pattern ATTRIBUTE =
      Pattern.compile("(group|kind|owner):[A-Za-z0-9_./-]+|tag:[A-Za-z0-9_./-]+(=[^,\\s]*)?");
  static final int MAX_LENGTH = 10_000;

  private SelectionSyntax() {}

  /** The selection trimmed, or 400 on the field {@code selection} naming the bad term. */
  static String check(String selection) {
    if (selection == null || selection.isBlank()) {
      throw ApiException.invalid(
          "selection", "selection is required, such as \"sales/raw_orders+\" or \"group:sales\"");
    }
    if (selection.length() > MAX_LENGTH) {
      throw ApiException.invalid(
          "selection", "selection is longer than " + MAX_LENGTH + " characters");
    }
    String trimmed = selection.trim();
    int position = 0;
    for (String term : trimmed.split(",", -1)) {
      String t = term.trim();
      if (t.isEmpty() || !(KEY.matcher(t).matches() || ATTRIBUTE.matcher(t).matches())) {
        throw ApiException.invalid(
            "selection",
            "selection term '"
                + t
                + "' at character "
                + (position + 1)
                + " is not a key (sales/raw_orders, +key, key*) or group:, tag:k=v, kind:,"
                + " owner:");
      }
      position += term.length() + 1;
    }
    return trimmed;
  }
}
