package dev.materia.runtime.partitions;

import dev.materia.api.selection.Spelling;
import dev.materia.sdk.DailyPartitions;
import dev.materia.sdk.HourlyPartitions;
import dev.materia.sdk.MapPartitions;
import dev.materia.sdk.MonthlyPartitions;
import dev.materia.sdk.NamedPartitions;
import dev.materia.sdk.PartitionMapping;
import dev.materia.sdk.PartitionsDefinition;
import dev.materia.sdk.PartitionsDefinition.Cadence;
import dev.materia.sdk.StaticPartitions;
import dev.materia.sdk.WeeklyPartitions;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the partitions annotations of asset methods into {@link PartitionsDefinition}s and {@link
 * PartitionMapping}s, checking them as it goes; {@link dev.materia.api.partitions.PartitionKeys}
 * computes keys from them. Every message names the method, the bad value and the fix, so the loader
 * can show it as is.
 *
 * <pre>{@code
 * Optional<PartitionsDefinition> partitions = Partitions.fromAnnotations(method);
 * for (Parameter parameter : method.getParameters()) {
 *   Optional<PartitionMapping> mapping = Partitions.mappingOf(method, parameter);
 * }
 * Map<String, PartitionMapping> forDeps = Partitions.mappingsOnMethod(method);
 * PartitionSet keys = partitionKeys.of(partitions.get());
 * }</pre>
 */
public final class Partitions {
  private Partitions() {}

  private static final List<Class<? extends Annotation>> ANNOTATIONS =
      List.of(
          HourlyPartitions.class,
          DailyPartitions.class,
          WeeklyPartitions.class,
          MonthlyPartitions.class,
          StaticPartitions.class,
          NamedPartitions.class);

  /**
   * The partitions declared on {@code method} with {@link HourlyPartitions}, {@link
   * DailyPartitions}, {@link WeeklyPartitions}, {@link MonthlyPartitions} or {@link
   * StaticPartitions}; empty when it has none. A {@link NamedPartitions} fails here, as no
   * definitions are registered: use {@link #fromAnnotations(Method, Map)}.
   *
   * @throws InvalidPartitionsException see {@link #fromAnnotations(Method, Map)}
   */
  public static Optional<PartitionsDefinition> fromAnnotations(Method method) {
    return fromAnnotations(method, Map.of());
  }

  /**
   * The partitions declared on {@code method}, resolving {@link NamedPartitions} against {@code
   * registered} (what {@code Definitions.partitions()} returns); empty when it has none.
   *
   * @throws InvalidPartitionsException when it has more than one partitions annotation, names an
   *     unregistered definition, or an attribute is wrong: a bad or misaligned start or end, an end
   *     not after start, an unknown timezone, an empty static list, a duplicate or malformed static
   *     key
   */
  public static Optional<PartitionsDefinition> fromAnnotations(
      Method method, Map<String, PartitionsDefinition> registered) {
    Objects.requireNonNull(registered, "registered == null");
    Objects.requireNonNull(method, "method == null");
    List<Annotation> found = new ArrayList<>();
    for (Class<? extends Annotation> type : ANNOTATIONS) {
      Annotation annotation = method.getAnnotation(type);
      if (annotation != null) {
        found.add(annotation);
      }
    }
    if (found.isEmpty()) {
      return Optional.empty();
    }
    if (found.size() > 1) {
      throw new InvalidPartitionsException(
          where(method)
              + " has "
              + String.join(
                  " and ",
                  found.stream().map(a -> "@" + a.annotationType().getSimpleName()).toList())
              + ", but an asset has one partitions definition: keep one, or combine two with"
              + " PartitionsDefinition.multi(...) registered in Definitions");
    }
    Annotation annotation = found.getFirst();
    String prefix = "@" + annotation.annotationType().getSimpleName() + " on " + where(method);
    return Optional.of(
        switch (annotation) {
          case HourlyPartitions a -> time(prefix, Cadence.HOURLY, a.start(), a.end(), a.timezone());
          case DailyPartitions a -> time(prefix, Cadence.DAILY, a.start(), a.end(), a.timezone());
          case WeeklyPartitions a -> time(prefix, Cadence.WEEKLY, a.start(), a.end(), a.timezone());
          case MonthlyPartitions a ->
              time(prefix, Cadence.MONTHLY, a.start(), a.end(), a.timezone());
          case StaticPartitions a -> staticKeys(prefix, a.value());
          case NamedPartitions a -> named(prefix, a.value(), registered);
          default -> throw new IllegalStateException("unexpected " + annotation);
        });
  }

  /**
   * The mapping declared with {@link MapPartitions} on one parameter of {@code method}; empty when
   * there is none, in which case the loader uses {@link
   * dev.materia.api.partitions.PartitionMappings#defaultFor}.
   *
   * @throws InvalidPartitionsException when the parameter has more than one, sets {@code upstream}
   *     (which is for the method), or sets an attribute its kind does not use
   */
  public static Optional<PartitionMapping> mappingOf(Method method, Parameter parameter) {
    Objects.requireNonNull(method, "method == null");
    Objects.requireNonNull(parameter, "parameter == null");
    MapPartitions[] annotations = parameter.getAnnotationsByType(MapPartitions.class);
    if (annotations.length == 0) {
      return Optional.empty();
    }
    String prefix = "@MapPartitions on parameter " + parameter.getName() + " of " + where(method);
    if (annotations.length > 1) {
      throw new InvalidPartitionsException(
          prefix + " appears " + annotations.length + " times: an input has one mapping; keep one");
    }
    MapPartitions annotation = annotations[0];
    if (!annotation.upstream().isEmpty()) {
      throw new InvalidPartitionsException(
          prefix
              + " sets upstream = \""
              + annotation.upstream()
              + "\", which is only for @MapPartitions on the method (for deps); on a parameter the"
              + " upstream is the parameter's own: remove upstream");
    }
    return Optional.of(mapping(prefix, annotation));
  }

  /**
   * The mappings declared with {@link MapPartitions} on {@code method} itself, by upstream asset
   * key: for upstreams in {@code Asset.deps}, which have no parameter.
   *
   * @throws InvalidPartitionsException when one lacks {@code upstream}, two name the same upstream,
   *     or one sets an attribute its kind does not use
   */
  public static Map<String, PartitionMapping> mappingsOnMethod(Method method) {
    Objects.requireNonNull(method, "method == null");
    Map<String, PartitionMapping> mappings = new LinkedHashMap<>();
    for (MapPartitions annotation : method.getAnnotationsByType(MapPartitions.class)) {
      String prefix = "@MapPartitions(" + annotation.value() + ") on " + where(method);
      if (annotation.upstream().isBlank()) {
        throw new InvalidPartitionsException(
            prefix
                + " does not say which upstream it maps: add upstream = \"<asset key>\" naming one"
                + " of the asset's deps, or put the annotation on the input parameter");
      }
      if (mappings.containsKey(annotation.upstream())) {
        throw new InvalidPartitionsException(
            prefix
                + " maps upstream \""
                + annotation.upstream()
                + "\" a second time: an upstream has one mapping; keep one");
      }
      mappings.put(annotation.upstream(), mapping(prefix, annotation));
    }
    return Map.copyOf(mappings);
  }

  /** The {@link PartitionMapping} an annotation stands for, with its attributes checked. */
  private static PartitionMapping mapping(String prefix, MapPartitions annotation) {
    PartitionMapping.Kind kind = annotation.value();
    if (kind != PartitionMapping.Kind.TIME_WINDOW
        && (annotation.offset() != 0 || annotation.allowMissing())) {
      throw new InvalidPartitionsException(
          prefix
              + " sets "
              + (annotation.offset() != 0 ? "offset = " + annotation.offset() : "allowMissing")
              + ", which only TIME_WINDOW uses: write @MapPartitions(value = TIME_WINDOW, offset = "
              + annotation.offset()
              + ") or remove it");
    }
    if (kind != PartitionMapping.Kind.DIMENSION && !annotation.dimension().isEmpty()) {
      throw new InvalidPartitionsException(
          prefix
              + " sets dimension = \""
              + annotation.dimension()
              + "\", which only DIMENSION uses: write @MapPartitions(value = DIMENSION, dimension ="
              + " \""
              + annotation.dimension()
              + "\") or remove it");
    }
    return switch (kind) {
      case IDENTITY -> PartitionMapping.identity();
      case ALL_PARTITIONS -> PartitionMapping.allPartitions();
      case TIME_WINDOW ->
          new PartitionMapping.TimeWindowOffset(annotation.offset(), annotation.allowMissing());
      case DIMENSION -> {
        if (annotation.dimension().isBlank()) {
          throw new InvalidPartitionsException(
              prefix
                  + " does not name the dimension: add dimension = \"<name>\", e.g. @MapPartitions("
                  + "value = DIMENSION, dimension = \"date\")");
        }
        yield PartitionMapping.dimension(annotation.dimension());
      }
    };
  }

  // ---- time windows ----

  private static PartitionsDefinition time(
      String prefix, Cadence cadence, String start, String end, String timezone) {
    ZoneId zone = zone(prefix, timezone);
    LocalDateTime first = boundary(prefix, cadence, "start", start);
    LocalDateTime last = end.isEmpty() ? null : boundary(prefix, cadence, "end", end);
    try {
      return new PartitionsDefinition.TimeWindowed(cadence, first, last, zone);
    } catch (IllegalArgumentException e) {
      // The definition's own message says what is wrong with the values; add where they came from.
      throw new InvalidPartitionsException(prefix + ": " + e.getMessage(), e);
    }
  }

  private static LocalDateTime boundary(String prefix, Cadence cadence, String what, String text) {
    String value = text.strip();
    try {
      if (cadence == Cadence.HOURLY && value.length() == 16 && value.charAt(10) == '-') {
        return LocalDate.parse(value.substring(0, 10)).atTime(LocalTime.parse(value.substring(11)));
      }
      return LocalDate.parse(value).atStartOfDay();
    } catch (DateTimeParseException e) {
      String format =
          cadence == Cadence.HOURLY
              ? "yyyy-MM-dd-HH:mm or yyyy-MM-dd, e.g. \"2024-01-01-00:00\""
              : "yyyy-MM-dd, e.g. \"2024-01-01\"";
      throw new InvalidPartitionsException(
          prefix + ": " + what + " \"" + text + "\" is not a valid date: expected " + format, e);
    }
  }

  private static ZoneId zone(String prefix, String timezone) {
    try {
      return ZoneId.of(timezone.strip());
    } catch (DateTimeException e) {
      Optional<String> suggestion = closestZone(timezone.strip());
      throw new InvalidPartitionsException(
          prefix
              + ": timezone \""
              + timezone
              + "\" is unknown: "
              + suggestion
                  .map(z -> "did you mean \"" + z + "\"?")
                  .orElse("use a region ID such as \"UTC\" or \"Europe/Berlin\""),
          e);
    }
  }

  /** The zone ID nearest to a misspelt one, so the message can offer the likely fix. */
  static Optional<String> closestZone(String timezone) {
    if (timezone.isEmpty()) {
      return Optional.of("UTC");
    }
    // Zone IDs by their lower-case spelling, sorted so that ties go to the first in order.
    Map<String, String> byLowerCase = new TreeMap<>();
    for (String id : ZoneId.getAvailableZoneIds()) {
      byLowerCase.put(id.toLowerCase(Locale.ROOT), id);
    }
    return Spelling.closest(timezone.toLowerCase(Locale.ROOT), byLowerCase.keySet())
        .map(byLowerCase::get);
  }

  // ---- named ----

  private static PartitionsDefinition named(
      String prefix, String name, Map<String, PartitionsDefinition> registered) {
    PartitionsDefinition definition = registered.get(name);
    if (definition != null) {
      return definition;
    }
    throw new InvalidPartitionsException(
        prefix
            + " names partitions \""
            + name
            + "\", but no partitions definition is registered under that name"
            + (registered.isEmpty()
                ? ""
                : " (registered: " + String.join(", ", registered.keySet()) + ")")
            + ": register one with Definitions.builder().partitions(PartitionsDefinition.dynamic(\""
            + name
            + "\")) or fix the name");
  }

  // ---- static ----

  private static PartitionsDefinition staticKeys(String prefix, String[] keys) {
    if (keys.length == 0) {
      throw new InvalidPartitionsException(
          prefix + " lists no keys: give at least one, e.g. @StaticPartitions({\"us\", \"eu\"})");
    }
    try {
      return new PartitionsDefinition.Static(List.of(keys));
    } catch (IllegalArgumentException e) {
      throw new InvalidPartitionsException(prefix + ": " + e.getMessage(), e);
    }
  }

  private static String where(Method method) {
    return method.getDeclaringClass().getName() + "." + method.getName() + "()";
  }
}
