package dev.materia.runtime.graph;

import dev.materia.api.partitions.PartitionMappings;
import dev.materia.sdk.PartitionMapping;
import dev.materia.sdk.PartitionsDefinition;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Optional;

/**
 * Decides at load time whether a dependency's partitions line up, and which mapping applies.
 *
 * <p>The defaults are {@link PartitionMappings#defaultFor}'s; anything else needs an explicit
 * {@code @MapPartitions}. An input that can read several upstream partitions must be declared as
 * {@code Map<String, T>}, and receives the values by partition key.
 */
public interface PartitionCompatibility {

  /** The rules every graph uses unless a test swaps them. */
  PartitionCompatibility STANDARD = new Standard();

  /** A message naming the method and the fix, when the two sides cannot be connected. */
  Optional<String> problem(AssetNode upstream, AssetNode downstream, Dependency dependency);

  /**
   * The mapping that applies: the declared one, or the default.
   *
   * @throws IllegalArgumentException when there is none; {@link #problem} says so first
   */
  PartitionMapping mappingFor(
      PartitionsDefinition upstream, PartitionsDefinition downstream, PartitionMapping declared);

  /** Whether the mapping can read several upstream partitions for one downstream partition. */
  boolean readsSeveral(
      PartitionsDefinition upstream, PartitionsDefinition downstream, PartitionMapping mapping);

  /** The standard rules, delegating to {@link PartitionMappings}. */
  final class Standard implements PartitionCompatibility {
    private Standard() {}

    @Override
    public Optional<String> problem(
        AssetNode upstream, AssetNode downstream, Dependency dependency) {
      PartitionsDefinition up = upstream.partitions();
      PartitionsDefinition down = downstream.partitions();
      PartitionMapping declared = dependency.mapping();
      String where = downstream.origin() + ", " + dependency.declaredBy() + ": ";
      PartitionMapping mapping;
      if (declared == null) {
        Optional<PartitionMapping> standard = PartitionMappings.defaultFor(up, down);
        if (standard.isEmpty()) {
          return Optional.of(
              "Partitions mismatch without a mapping in "
                  + where
                  + PartitionMappings.mismatchMessage(downstream.key(), down, upstream.key(), up));
        }
        mapping = standard.get();
      } else {
        Optional<String> invalid = PartitionMappings.problem(declared, up, down);
        if (invalid.isPresent()) {
          return Optional.of(
              "Partition mapping does not fit in "
                  + where
                  + PartitionMappings.invalidMappingMessage(
                      downstream.key(), down, upstream.key(), up, declared, invalid.get()));
        }
        mapping = declared;
      }
      if (dependency.loaded() && readsSeveral(up, down, mapping) && !isMap(dependency.type())) {
        return Optional.of(
            "Input reads several partitions in "
                + where
                + "asset \""
                + downstream.key()
                + "\" ("
                + describe(down)
                + ") reads \""
                + upstream.key()
                + "\" ("
                + describe(up)
                + ") through a "
                + mapping.describe()
                + " mapping, which yields several upstream partitions. Fix: declare the parameter"
                + " as Map<String, T>; it receives the values by partition key.");
      }
      return Optional.empty();
    }

    @Override
    public PartitionMapping mappingFor(
        PartitionsDefinition upstream, PartitionsDefinition downstream, PartitionMapping declared) {
      if (declared != null) {
        return declared;
      }
      return PartitionMappings.defaultFor(upstream, downstream)
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "no default mapping from "
                          + describe(upstream)
                          + " to "
                          + describe(downstream)));
    }

    @Override
    public boolean readsSeveral(
        PartitionsDefinition upstream, PartitionsDefinition downstream, PartitionMapping mapping) {
      return PartitionMappings.readsSeveral(mapping, upstream, downstream);
    }

    /** {@link PartitionsDefinition#describe()}, or "unpartitioned" for null. */
    private static String describe(PartitionsDefinition definition) {
      return definition == null ? "unpartitioned" : definition.describe();
    }

    private static boolean isMap(Type type) {
      Type raw = type instanceof ParameterizedType p ? p.getRawType() : type;
      return raw instanceof Class<?> c && Map.class.isAssignableFrom(c);
    }
  }
}
