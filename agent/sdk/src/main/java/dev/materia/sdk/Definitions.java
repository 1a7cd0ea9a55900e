package dev.materia.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a code location declares: asset classes, resources, schedules and named partitions.
 *
 * <p>Classes are scanned for {@link Asset} and {@link AssetCheck} methods when the runtime loads
 * the definitions; mistakes in them fail then, naming the method. The builder itself checks names
 * and duplicates.
 *
 * <pre>{@code
 * Definitions definitions =
 *     Definitions.builder()
 *         .assets(SalesAssets.class, OrderAssets.class)
 *         .resource("warehouse", new Warehouse("jdbc:postgresql://db/sales"))
 *         .partitions(PartitionsDefinition.dynamic("customers"))
 *         .schedule(Schedule.of("nightly", "0 2 * * *", "*"))
 *         .build();
 * }</pre>
 *
 * <p>Resources can be configured from environment variables without code changes: the runtime reads
 * {@code MATERIA_RESOURCE_<NAME>_<FIELD>} (name and field in upper snake case) and applies it to
 * the record component or bean property {@code field} of the resource registered as {@code name}.
 * See the runtime README for the supported types.
 */
public final class Definitions {
  private final List<Class<?>> assetClasses;
  private final Map<String, Object> resources;
  private final List<Schedule> schedules;
  private final Map<String, PartitionsDefinition> partitions;

  private Definitions(Builder builder) {
    this.assetClasses = List.copyOf(builder.assetClasses);
    this.resources = Collections.unmodifiableMap(new LinkedHashMap<>(builder.resources));
    this.schedules = List.copyOf(builder.schedules.values());
    this.partitions = Collections.unmodifiableMap(new LinkedHashMap<>(builder.partitions));
  }

  /** Starts an empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The classes holding {@code @Asset} and {@code @AssetCheck} methods, in registration order. */
  public List<Class<?>> assetClasses() {
    return assetClasses;
  }

  /** Resources by name, in registration order. */
  public Map<String, Object> resources() {
    return resources;
  }

  /** Schedules in registration order. */
  public List<Schedule> schedules() {
    return schedules;
  }

  /** Named partitions definitions, referenced from assets with {@link NamedPartitions}. */
  public Map<String, PartitionsDefinition> partitions() {
    return partitions;
  }

  /**
   * Collects definitions; every method checks its arguments at once and names the bad value.
   *
   * <pre>{@code
   * Definitions.Builder builder = Definitions.builder().assets(SalesAssets.class);
   * if (useWarehouse) {
   *   builder.resource("warehouse", new Warehouse(url));
   * }
   * Definitions definitions = builder.build();
   * }</pre>
   */
  public static final class Builder {
    private final List<Class<?>> assetClasses = new ArrayList<>();
    private final Map<String, Object> resources = new LinkedHashMap<>();
    private final Map<String, Schedule> schedules = new LinkedHashMap<>();
    private final Map<String, PartitionsDefinition> partitions = new LinkedHashMap<>();

    private Builder() {}

    /** Adds classes whose {@code @Asset} and {@code @AssetCheck} methods are loaded. */
    public Builder assets(Class<?>... classes) {
      Objects.requireNonNull(classes, "classes == null");
      for (Class<?> type : classes) {
        Objects.requireNonNull(type, "an asset class is null");
        if (!assetClasses.contains(type)) {
          assetClasses.add(type);
        }
      }
      return this;
    }

    /**
     * Registers a resource under a name: letters, digits and {@code _}, starting with a letter.
     * Assets receive it by that name or by type; an {@link IoManager} resource can be named in
     * {@code @Asset(ioManager = ...)}, and one named {@code io_manager} is the default.
     */
    public Builder resource(String name, Object resource) {
      if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException(
            "resource name \""
                + name
                + "\" must be letters, digits and '_', starting with a letter, e.g. \"warehouse\"");
      }
      Objects.requireNonNull(resource, () -> "resource \"" + name + "\" is null");
      if (resources.containsKey(name)) {
        throw new IllegalArgumentException(
            "resource \"" + name + "\" is registered twice: register it once or rename one");
      }
      resources.put(name, resource);
      return this;
    }

    /** Adds a schedule; names must be unique. */
    public Builder schedule(Schedule schedule) {
      Objects.requireNonNull(schedule, "schedule == null");
      if (schedules.putIfAbsent(schedule.name(), schedule) != null) {
        throw new IllegalArgumentException(
            "schedule \"" + schedule.name() + "\" is registered twice: rename one");
      }
      return this;
    }

    /**
     * Registers a dynamic or multi partitions definition under its own name, for {@link
     * NamedPartitions}.
     */
    public Builder partitions(PartitionsDefinition definition) {
      Objects.requireNonNull(definition, "definition == null");
      return switch (definition) {
        case PartitionsDefinition.Dynamic dynamic -> partitions(dynamic.name(), dynamic);
        case PartitionsDefinition.Multi multi -> partitions(multi.name(), multi);
        default ->
            throw new IllegalArgumentException(
                definition.describe()
                    + " has no name of its own: use partitions(\"name\", definition)");
      };
    }

    /** Registers any partitions definition under a name, for {@link NamedPartitions}. */
    public Builder partitions(String name, PartitionsDefinition definition) {
      if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException(
            "partitions name \"" + name + "\" must be letters, digits, '_', '-' or '.'");
      }
      Objects.requireNonNull(definition, () -> "partitions \"" + name + "\" is null");
      PartitionsDefinition previous = partitions.putIfAbsent(name, definition);
      if (previous != null && !previous.equals(definition)) {
        throw new IllegalArgumentException(
            "partitions \""
                + name
                + "\" is registered twice, as "
                + previous.describe()
                + " and as "
                + definition.describe()
                + ": rename one");
      }
      return this;
    }

    /** The immutable definitions. */
    public Definitions build() {
      return new Definitions(this);
    }
  }
}
