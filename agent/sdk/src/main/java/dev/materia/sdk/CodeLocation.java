package dev.materia.sdk;

/**
 * The entry point of a code location jar: the agent finds implementations with {@link
 * java.util.ServiceLoader} and loads their {@link Definitions}.
 *
 * <p>Register the class in {@code META-INF/services/dev.materia.sdk.CodeLocation}. It needs a
 * public no-arg constructor.
 *
 * <pre>{@code
 * public final class SalesLocation implements CodeLocation {
 *   @Override
 *   public Definitions definitions() {
 *     return Definitions.builder().assets(SalesAssets.class).build();
 *   }
 * }
 * }</pre>
 */
public interface CodeLocation {
  /** The definitions this code location declares. */
  Definitions definitions();

  /**
   * The code location's name, unique in a deployment: by default the class's simple name in
   * snake_case without a {@code CodeLocation} or {@code Location} suffix ({@code SalesLocation} →
   * {@code sales}).
   */
  default String name() {
    String simple = getClass().getSimpleName();
    for (String suffix : new String[] {"CodeLocation", "Location"}) {
      if (simple.endsWith(suffix) && simple.length() > suffix.length()) {
        simple = simple.substring(0, simple.length() - suffix.length());
        break;
      }
    }
    return simple.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
