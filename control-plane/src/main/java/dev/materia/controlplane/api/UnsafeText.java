package dev.materia.controlplane.api;

import io.micronaut.core.annotation.Nullable;

/**
 * Characters PostgreSQL cannot store in {@code text} or {@code jsonb}: NUL (U+0000), and unpaired
 * UTF-16 surrogates (which have no UTF-8 form). Pure: finds them in decoded strings, and finds and
 * repairs their {@code \\uXXXX} escapes in JSON text without parsing it.
 */
public final class UnsafeText {
  /** What a repaired character becomes: U+FFFD REPLACEMENT CHARACTER. */
  public static final char REPLACEMENT = '\uFFFD';

  private UnsafeText() {}

  /** Whether {@code s} holds a NUL or an unpaired surrogate. */
  public static boolean isUnsafe(@Nullable CharSequence s) {
    if (s == null) {
      return false;
    }
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return true;
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether JSON bytes (UTF-8) may hold an unsafe character: an escape {@code \\u0000} or {@code
   * \\uD800}–{@code \\uDFFF}, a raw NUL, or a surrogate encoded as UTF-8 ({@code ED A0..BF}). A
   * true answer may be wrong (a valid pair, an escaped backslash); a false one never is.
   */
  public static boolean mayHoldUnsafe(byte[] json) {
    int n = json.length;
    for (int i = 0; i < n; i++) {
      byte b = json[i];
      if (b == 0) {
        return true;
      }
      if (b == '\\' && i + 5 < n && json[i + 1] == 'u') {
        if (unsafeEscape(json[i + 2], json[i + 3], json[i + 4], json[i + 5])) {
          return true;
        }
      } else if (b == (byte) 0xED && i + 1 < n && (json[i + 1] & 0xFF) >= 0xA0) {
        return true;
      }
    }
    return false;
  }

  private static boolean unsafeEscape(int a, int b, int c, int d) {
    if (a == '0' && b == '0' && c == '0' && d == '0') {
      return true;
    }
    return (a == 'd' || a == 'D')
        && ((b >= '8' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F'));
  }

  /** JSON text with its unsafe escapes replaced, and how many were. */
  public record Repaired(String json, int replaced) {}

  /**
   * {@code json} with every escape of a NUL or an unpaired surrogate replaced by {@code \\uFFFD}
   * (same length, so offsets into the text still hold). Text without such an escape is returned as
   * is after one {@code indexOf} pass.
   */
  public static Repaired repairJson(String json) {
    int at = json.indexOf("\\u");
    if (at < 0) {
      return new Repaired(json, 0);
    }
    char[] chars = null;
    int replaced = 0;
    int n = json.length();
    for (; at >= 0 && at + 5 < n; at = json.indexOf("\\u", at + 1)) {
      if (!isEscape(json, at)) {
        continue;
      }
      int unit = hex(json, at + 2);
      if (unit < 0) {
        continue;
      }
      boolean unsafe;
      int next = at + 6;
      if (unit == 0) {
        unsafe = true;
      } else if (unit >= 0xD800 && unit <= 0xDBFF) {
        int low = json.startsWith("\\u", next) ? hex(json, next + 2) : -1;
        if (low >= 0xDC00 && low <= 0xDFFF) {
          at = next; // a valid pair: skip its low half
          continue;
        }
        unsafe = true;
      } else {
        unsafe = unit >= 0xDC00 && unit <= 0xDFFF;
      }
      if (unsafe) {
        if (chars == null) {
          chars = json.toCharArray();
        }
        chars[at + 2] = 'f';
        chars[at + 3] = 'f';
        chars[at + 4] = 'f';
        chars[at + 5] = 'd';
        replaced++;
      }
    }
    return replaced == 0 ? new Repaired(json, 0) : new Repaired(new String(chars), replaced);
  }

  /**
   * Whether the backslash at {@code at} starts an escape (an even number of backslashes before).
   */
  private static boolean isEscape(String json, int at) {
    int backslashes = 0;
    for (int i = at - 1; i >= 0 && json.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 0;
  }

  private static int hex(String s, int from) {
    if (from + 4 > s.length()) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < from + 4; i++) {
      int digit = Character.digit(s.charAt(i), 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }

  /** {@code s} with every NUL and unpaired surrogate replaced by {@link #REPLACEMENT}. */
  public static String repair(String s) {
    if (!isUnsafe(s)) {
      return s;
    }
    char[] chars = s.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      if (c == 0) {
        chars[i] = REPLACEMENT;
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < chars.length
            && Character.isLowSurrogate(chars[i + 1])) {
          i++;
        } else {
          chars[i] = REPLACEMENT;
        }
      }
    }
    return new String(chars);
  }
}
