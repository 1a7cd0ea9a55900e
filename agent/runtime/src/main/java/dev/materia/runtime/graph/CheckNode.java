package dev.materia.runtime.graph;

import java.util.List;
import java.util.Objects;

/**
 * One asset check in an {@link AssetGraph}. Its step runs after the asset's step; when {@code
 * blocking}, the asset's downstream steps wait for it and are skipped if it fails.
 *
 * <pre>{@code
 * new CheckNode("customer_features", "no_nulls", true, "",
 *     List.of(Dependency.input("customer_features", List.class, "parameter 'customerFeatures'")),
 *     "Features.noNulls", inputs -> CheckResult.pass())
 * }</pre>
 *
 * @param assetKey the checked asset
 * @param name unique per asset
 * @param dependencies loaded inputs, usually just the checked asset
 * @param origin where it was declared, for messages
 */
public record CheckNode(
    String assetKey,
    String name,
    boolean blocking,
    String description,
    List<Dependency> dependencies,
    String origin,
    StepFunction function) {

  /** Separates the asset key from the check name in a check's step key. */
  public static final char SEPARATOR = ':';

  public CheckNode {
    Objects.requireNonNull(assetKey, "assetKey == null");
    if (name == null || !name.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException(
          "check name \""
              + name
              + "\" declared by "
              + origin
              + " is invalid: use letters, digits, '_' and '-', e.g. \"no_nulls\"");
    }
    description = description == null ? "" : description;
    dependencies = List.copyOf(dependencies);
    Objects.requireNonNull(origin, "origin == null");
    Objects.requireNonNull(function, () -> "function == null for check " + name);
  }

  /** The check's step key: {@code customer_features:no_nulls}. */
  public String key() {
    return assetKey + SEPARATOR + name;
  }
}
