package dev.materia.runtime.graph;

import dev.materia.sdk.PartitionMapping;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * An edge from an upstream asset into an asset or check.
 *
 * <p>Example: {@code Dependency.input("raw_orders", List.class, "parameter 'rawOrders'")}.
 *
 * @param upstreamKey the upstream asset's key
 * @param loaded whether the value is loaded as an input ({@code false} for {@code @Asset(deps)})
 * @param type the Java type the input is read as (for {@code deps}, {@code Object.class})
 * @param mapping the declared partition mapping, or null to use the default for the two sides
 * @param declaredBy where the edge comes from, for messages: {@code parameter 'rawOrders'}
 */
public record Dependency(
    String upstreamKey, boolean loaded, Type type, PartitionMapping mapping, String declaredBy) {
  public Dependency {
    Objects.requireNonNull(upstreamKey, "upstreamKey == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(declaredBy, "declaredBy == null");
  }

  /** A loaded input of the given type. */
  public static Dependency input(String upstreamKey, Type type, String declaredBy) {
    return new Dependency(upstreamKey, true, type, null, declaredBy);
  }

  /** An ordering-only dependency ({@code @Asset(deps)}). */
  public static Dependency order(String upstreamKey) {
    return new Dependency(upstreamKey, false, Object.class, null, "deps");
  }

  /** The same dependency with an explicit partition mapping. */
  public Dependency withMapping(PartitionMapping mapping) {
    return new Dependency(upstreamKey, loaded, type, mapping, declaredBy);
  }
}
