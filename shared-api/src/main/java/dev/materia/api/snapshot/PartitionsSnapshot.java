package dev.materia.api.snapshot;

import dev.materia.sdk.PartitionsDefinition;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * An asset's partitions definition as plain data, enough for the control plane to list keys,
 * validate partition selections and show partition status.
 *
 * <p>One flat record serves every kind; the fields a kind does not use are null or empty:
 *
 * <ul>
 *   <li>time windows ({@code HOURLY}, {@code DAILY}, {@code WEEKLY}, {@code MONTHLY}): {@code
 *       start}, {@code end} (exclusive, or null for "up to now") and {@code timezone};
 *   <li>{@code STATIC}: {@code staticKeys} in declared order;
 *   <li>{@code DYNAMIC}: {@code name}, the store holding the keys;
 *   <li>{@code MULTI}: {@code name} and exactly two {@code dimensions} in key order.
 * </ul>
 *
 * <p>It is the wire form of the SDK's {@link PartitionsDefinition}, the one partitions model: the
 * agent writes it with {@link #of} and the control plane reads it back with {@link #definition()}.
 *
 * <p>Example: {@code PartitionsSnapshot.timeWindow(PartitionsKind.DAILY, "2024-01-01T00:00", null,
 * "UTC", "daily partitions from 2024-01-01 in UTC")}.
 *
 * @param kind which of the seven kinds
 * @param description the runtime's human description, for the console
 * @param start ISO local date-time of the first window's start
 * @param end ISO local date-time of the last window's exclusive end, or null
 * @param timezone the zone id windows are computed in
 * @param staticKeys the keys of a static definition
 * @param name the name of a dynamic or multi definition
 * @param dimensions the two dimensions of a multi definition
 */
@Serdeable
public record PartitionsSnapshot(
    PartitionsKind kind,
    String description,
    @Nullable String start,
    @Nullable String end,
    @Nullable String timezone,
    List<String> staticKeys,
    @Nullable String name,
    List<PartitionDimensionSnapshot> dimensions) {

  public PartitionsSnapshot {
    if (kind == null) {
      throw new IllegalArgumentException("partitions kind == null");
    }
    description = description == null ? "" : description;
    staticKeys = Checks.list(staticKeys, "staticKeys");
    dimensions = Checks.list(dimensions, "dimensions");
    if (kind.isTimeWindow()) {
      LocalDateTime first = dateTime(start, kind + " start");
      if (end != null && !dateTime(end, kind + " end").isAfter(first)) {
        throw new IllegalArgumentException(kind + " end " + end + " is not after start " + start);
      }
      try {
        ZoneId.of(Checks.required(timezone, kind + " timezone"));
      } catch (java.time.DateTimeException e) {
        throw new IllegalArgumentException(kind + " has unknown timezone " + timezone, e);
      }
    } else if (start != null || end != null || timezone != null) {
      throw new IllegalArgumentException(kind + " partitions take no start, end or timezone");
    }
    if (kind == PartitionsKind.STATIC) {
      if (staticKeys.isEmpty()) {
        throw new IllegalArgumentException("STATIC partitions need at least one key");
      }
      if (new HashSet<>(staticKeys).size() != staticKeys.size()) {
        throw new IllegalArgumentException("STATIC partitions repeat a key: " + staticKeys);
      }
    } else if (!staticKeys.isEmpty()) {
      throw new IllegalArgumentException(kind + " partitions take no static keys: " + staticKeys);
    }
    if (kind == PartitionsKind.DYNAMIC || kind == PartitionsKind.MULTI) {
      Checks.required(name, kind + " partitions name");
    }
    if (kind == PartitionsKind.MULTI) {
      if (dimensions.size() != 2) {
        throw new IllegalArgumentException(
            "MULTI partitions " + name + " need 2 dimensions but have " + dimensions.size());
      }
      if (dimensions.get(0).name().equals(dimensions.get(1).name())) {
        throw new IllegalArgumentException(
            "MULTI partitions " + name + " name two dimensions " + dimensions.get(0).name());
      }
    } else if (!dimensions.isEmpty()) {
      throw new IllegalArgumentException(kind + " partitions take no dimensions");
    }
  }

  /** Time windows of one cadence; {@code end} may be null. */
  public static PartitionsSnapshot timeWindow(
      PartitionsKind cadence, String start, String end, String timezone, String description) {
    return new PartitionsSnapshot(
        cadence, description, start, end, timezone, List.of(), null, List.of());
  }

  /** A fixed list of keys, in order. */
  public static PartitionsSnapshot staticKeys(List<String> keys, String description) {
    return new PartitionsSnapshot(
        PartitionsKind.STATIC, description, null, null, null, keys, null, List.of());
  }

  /** Keys kept at runtime in the store named {@code name}. */
  public static PartitionsSnapshot dynamic(String name, String description) {
    return new PartitionsSnapshot(
        PartitionsKind.DYNAMIC, description, null, null, null, List.of(), name, List.of());
  }

  /** Two dimensions combined; keys are {@code firstKey|secondKey}. */
  public static PartitionsSnapshot multi(
      String name,
      PartitionDimensionSnapshot first,
      PartitionDimensionSnapshot second,
      String description) {
    return new PartitionsSnapshot(
        PartitionsKind.MULTI,
        description,
        null,
        null,
        null,
        List.of(),
        name,
        List.of(first, second));
  }

  /** The snapshot of {@code definition}, with its own description for the console. */
  public static PartitionsSnapshot of(PartitionsDefinition definition) {
    Objects.requireNonNull(definition, "definition == null");
    return switch (definition) {
      case PartitionsDefinition.TimeWindowed window ->
          timeWindow(
              PartitionsKind.valueOf(window.cadence().name()),
              window.start().toString(),
              window.end() == null ? null : window.end().toString(),
              window.timezone().getId(),
              window.describe());
      case PartitionsDefinition.Static keys -> staticKeys(keys.keys(), keys.describe());
      case PartitionsDefinition.Dynamic dynamic -> dynamic(dynamic.name(), dynamic.describe());
      case PartitionsDefinition.Multi multi ->
          multi(
              multi.name(),
              new PartitionDimensionSnapshot(multi.first().name(), of(multi.first().definition())),
              new PartitionDimensionSnapshot(
                  multi.second().name(), of(multi.second().definition())),
              multi.describe());
    };
  }

  /**
   * The definition this snapshot describes.
   *
   * @throws IllegalArgumentException when the values do not make a definition, e.g. a daily start
   *     that is not midnight or a static key with a {@code |}
   */
  public PartitionsDefinition definition() {
    if (kind.isTimeWindow()) {
      return new PartitionsDefinition.TimeWindowed(
          PartitionsDefinition.Cadence.valueOf(kind.name()),
          LocalDateTime.parse(start),
          end == null ? null : LocalDateTime.parse(end),
          ZoneId.of(timezone));
    }
    return switch (kind) {
      case STATIC -> new PartitionsDefinition.Static(staticKeys);
      case DYNAMIC -> new PartitionsDefinition.Dynamic(name);
      case MULTI -> new PartitionsDefinition.Multi(name, dimension(0), dimension(1));
      default -> throw new IllegalStateException("unexpected kind " + kind);
    };
  }

  private PartitionsDefinition.Dimension dimension(int index) {
    PartitionDimensionSnapshot dimension = dimensions.get(index);
    return new PartitionsDefinition.Dimension(
        dimension.name(), dimension.partitions().definition());
  }

  private static LocalDateTime dateTime(String value, String what) {
    try {
      return LocalDateTime.parse(Checks.required(value, what));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          what + " \"" + value + "\" is not an ISO local date-time like 2024-01-01T00:00", e);
    }
  }
}
