package dev.materia.cli.scaffold;

import java.util.Locale;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * A new code location's name and what is derived from it: the Maven coordinates, the Java package
 * and the prefix of its class names.
 *
 * <pre>{@code
 * LocationName name = LocationName.of("sales-etl");
 * name.javaPackage();   // com.example.sales_etl
 * name.classPrefix();   // SalesEtl → SalesEtlLocation, SalesEtlAssets
 * }</pre>
 *
 * @param name the code location's name, also its artifactId, asset key prefix and group
 * @param javaPackage the package of its classes, also its groupId
 * @param classPrefix the PascalCase prefix of its class names
 */
public record LocationName(String name, String javaPackage, String classPrefix) {
  /**
   * Lowercase words joined by single {@code -} or {@code _}: valid at once as a code location name,
   * a Maven artifactId, an asset key segment, a directory name and (with {@code _}) a package.
   */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*([-_][a-z0-9]+)*");

  static final String RULE =
      "use lowercase letters, digits, '-' and '_', starting with a letter, such as hello or"
          + " sales-etl";

  /**
   * Checks and derives.
   *
   * @throws IllegalArgumentException naming the bad value and the rule
   */
  public static LocationName of(String name) {
    if (name == null || name.length() > 60 || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'"
              + name
              + "' is not a code location name: "
              + RULE
              + (name != null && name.length() > 60 ? ", at most 60 characters" : ""));
    }
    String segment = name.replace('-', '_');
    // A Java keyword cannot be a package segment ("new", "class"); a trailing '_' keeps the name.
    if (SourceVersion.isKeyword(segment)) {
      segment = segment + "_";
    }
    StringBuilder prefix = new StringBuilder();
    for (String word : name.split("[-_]")) {
      prefix.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
    }
    return new LocationName(name, "com.example." + segment, prefix.toString());
  }

  /** The package as a relative directory, such as {@code com/example/hello}. */
  public String packagePath() {
    return javaPackage.replace('.', '/');
  }
}
