package dev.materia.runtime.graph;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Rules for asset keys: segments of letters, digits, {@code _} and {@code -} joined by {@code /}.
 *
 * <p>Keys stay plain strings everywhere (events, URLs, selections); this type only checks and
 * derives them. Example: {@code AssetKey.fromMethodName("rawOrders")} is {@code raw_orders}.
 */
public final class AssetKey {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");

  private AssetKey() {}

  /** Whether {@code key} follows the rules. */
  public static boolean isValid(String key) {
    return key != null && VALID.matcher(key).matches();
  }

  /** The last segment: {@code raw_orders} for {@code sales/raw_orders}. */
  public static String lastSegment(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  /** The prefix without the last segment, or an empty string: {@code sales} for {@code sales/x}. */
  public static String prefix(String key) {
    int slash = key.lastIndexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }

  /**
   * snake_case of a Java name: {@code rawOrders} → {@code raw_orders}, {@code loadHTTPLogs} →
   * {@code load_http_logs}, {@code sales2024Total} → {@code sales2024_total}.
   */
  public static String fromMethodName(String name) {
    var out = new StringBuilder(name.length() + 8);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        boolean afterLowerOrDigit =
            i > 0
                && (Character.isLowerCase(name.charAt(i - 1))
                    || Character.isDigit(name.charAt(i - 1)));
        boolean endsAcronym =
            i > 0
                && Character.isUpperCase(name.charAt(i - 1))
                && i + 1 < name.length()
                && Character.isLowerCase(name.charAt(i + 1));
        if ((afterLowerOrDigit || endsAcronym)
            && out.length() > 0
            && out.charAt(out.length() - 1) != '_') {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
