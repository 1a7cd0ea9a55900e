package dev.materia.api.partitions;

import dev.materia.api.snapshot.PartitionDimensionSnapshot;
import dev.materia.api.snapshot.PartitionsKind;
import dev.materia.api.snapshot.PartitionsSnapshot;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How an asset is split into partitions, as the shared model both the agent and the control plane
 * compute keys from: time windows, a fixed list, a named dynamic list, or two of those combined.
 *
 * <p>The agent's runtime converts the SDK's {@code dev.materia.sdk.PartitionsDefinition} into this
 * model; the control plane reads it from a snapshot with {@link #fromSnapshot}. Both then ask
 * {@link PartitionKeys} for keys, so they agree on every key, range and window. The shape mirrors
 * the SDK's on purpose (the SDK may depend on nothing of ours), and {@link #describe()} gives the
 * same text, so messages read the same on both sides.
 *
 * <pre>{@code
 * PartitionsDefinition days = PartitionsDefinition.daily(LocalDate.of(2024, 1, 1)).withTimezone("Europe/Berlin");
 * PartitionsDefinition fromWire = PartitionsDefinition.fromSnapshot(assetSnapshot.partitions());
 * }</pre>
 *
 * <p>Keys: hourly {@code 2024-01-01-13:00}; daily, weekly (the Monday) and monthly (the 1st) {@code
 * 2024-01-01}; static and dynamic as given; multi {@code first|second}.
 */
public sealed interface PartitionsDefinition
    permits PartitionsDefinition.TimeWindowed,
        PartitionsDefinition.Static,
        PartitionsDefinition.Dynamic,
        PartitionsDefinition.Multi {

  /** The separator between the two dimension keys of a multi partition key. */
  String MULTI_KEY_SEPARATOR = "|";

  /** The zone time windows use unless told otherwise. */
  ZoneId UTC = ZoneId.of("UTC");

  /** The separator between the first and last key of an inclusive range: {@code a...b}. */
  String RANGE_SEPARATOR = "...";

  /** A short human description naming the kind and its parameters, used in messages. */
  String describe();

  /** The length of one time-window partition. Weeks start on Monday (ISO-8601). */
  enum Cadence {
    HOURLY,
    DAILY,
    WEEKLY,
    MONTHLY;

    /** The lower-case name used in messages, e.g. {@code daily}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Partitions that each cover one hour, day, week or month of local time in a timezone.
   *
   * @param cadence hourly, daily, weekly or monthly
   * @param start local start of the first partition, on a partition boundary
   * @param end local exclusive end of the last partition, on a boundary, or null for "up to now"
   * @param timezone the zone whose wall clock defines the windows
   */
  record TimeWindowed(Cadence cadence, LocalDateTime start, LocalDateTime end, ZoneId timezone)
      implements PartitionsDefinition {
    public TimeWindowed {
      Objects.requireNonNull(cadence, "cadence == null");
      Objects.requireNonNull(start, "start == null");
      Objects.requireNonNull(timezone, "timezone == null");
      // "UTC", "Z", "GMT" and "Etc/UTC" mean one zone; one value keeps equal definitions equal.
      if (timezone.normalized().equals(ZoneOffset.UTC)) {
        timezone = UTC;
      }
      requireBoundary(cadence, start, "start");
      if (end != null) {
        requireBoundary(cadence, end, "end");
        if (!end.isAfter(start)) {
          throw new IllegalArgumentException(
              cadence.label() + " end " + end + " is not after start " + start);
        }
      }
    }

    /** The same partitions ending (exclusively) at {@code end}; null means up to now. */
    public TimeWindowed withEnd(LocalDateTime end) {
      return new TimeWindowed(cadence, start, end, timezone);
    }

    /** The same partitions with windows in another timezone. */
    public TimeWindowed withTimezone(ZoneId timezone) {
      return new TimeWindowed(cadence, start, end, timezone);
    }

    /**
     * The same partitions in the zone named {@code timezone}, e.g. {@code "Europe/Berlin"}.
     *
     * @throws IllegalArgumentException naming the unknown zone
     */
    public TimeWindowed withTimezone(String timezone) {
      return withTimezone(zone(timezone));
    }

    @Override
    public String describe() {
      return cadence.label()
          + " partitions from "
          + format(cadence, start)
          + (end == null ? "" : " to " + format(cadence, end) + " (exclusive)")
          + " in "
          + timezone.getId();
    }

    private static void requireBoundary(Cadence cadence, LocalDateTime value, String what) {
      boolean midnight = value.toLocalTime().equals(LocalTime.MIDNIGHT);
      boolean aligned =
          switch (cadence) {
            case HOURLY -> value.getMinute() == 0 && value.getSecond() == 0 && value.getNano() == 0;
            case DAILY -> midnight;
            case WEEKLY -> midnight && value.getDayOfWeek() == DayOfWeek.MONDAY;
            case MONTHLY -> midnight && value.getDayOfMonth() == 1;
          };
      if (!aligned) {
        throw new IllegalArgumentException(
            cadence.label()
                + " "
                + what
                + " "
                + value
                + " is not a partition boundary: hourly needs the top of an hour, daily midnight,"
                + " weekly a Monday midnight, monthly midnight on the 1st");
      }
    }

    private static String format(Cadence cadence, LocalDateTime value) {
      if (cadence == Cadence.HOURLY) {
        return value.toLocalDate() + "-" + value.toLocalTime().withSecond(0).withNano(0);
      }
      return value.toLocalTime().equals(LocalTime.MIDNIGHT)
          ? value.toLocalDate().toString()
          : value.toString();
    }
  }

  /**
   * A fixed list of keys, in the order given; ranges follow that order.
   *
   * @param keys at least one key, no duplicates, each following {@link #requireValidKey(String)}
   */
  record Static(List<String> keys) implements PartitionsDefinition {
    public Static {
      Objects.requireNonNull(keys, "keys == null");
      if (keys.isEmpty()) {
        throw new IllegalArgumentException(
            "static partitions need at least one key, e.g. {\"us\", \"eu\"}");
      }
      Set<String> seen = new HashSet<>();
      for (String key : keys) {
        requireValidKey(key);
        if (!seen.add(key)) {
          throw new IllegalArgumentException(
              "static partition key \"" + key + "\" appears twice in " + keys + ": list it once");
        }
      }
      keys = List.copyOf(keys);
    }

    @Override
    public String describe() {
      return "static partitions " + keys;
    }
  }

  /**
   * A named list of keys that grows at runtime; the keys live in a {@link DynamicPartitionsStore}.
   *
   * @param name the store's name for the key list; letters, digits, {@code _}, {@code -}, {@code .}
   */
  record Dynamic(String name) implements PartitionsDefinition {
    public Dynamic {
      requireName(name, "dynamic partitions");
    }

    @Override
    public String describe() {
      return "dynamic partitions \"" + name + "\"";
    }
  }

  /**
   * One dimension of a {@link Multi} definition: a name and a definition that is not itself multi.
   *
   * @param name the dimension's name, e.g. {@code date} or {@code region}
   * @param definition the dimension's partitions
   */
  record Dimension(String name, PartitionsDefinition definition) {
    public Dimension {
      requireName(name, "a partition dimension");
      Objects.requireNonNull(definition, "definition == null");
      if (definition instanceof Multi multi) {
        throw new IllegalArgumentException(
            "dimension \"" + name + "\" is itself multi partitions \"" + multi.name() + "\"");
      }
    }
  }

  /**
   * Two dimensions combined: a key is {@code first|second}, e.g. {@code 2024-01-01|us}. At most one
   * dimension is a time window.
   *
   * @param name the definition's name
   * @param first the first dimension, whose key comes first
   * @param second the second dimension
   */
  record Multi(String name, Dimension first, Dimension second) implements PartitionsDefinition {
    public Multi {
      requireName(name, "multi partitions");
      Objects.requireNonNull(first, "first == null");
      Objects.requireNonNull(second, "second == null");
      if (first.name().equals(second.name())) {
        throw new IllegalArgumentException(
            "multi partitions \"" + name + "\" has two dimensions named \"" + first.name() + "\"");
      }
      if (first.definition() instanceof TimeWindowed
          && second.definition() instanceof TimeWindowed) {
        throw new IllegalArgumentException(
            "multi partitions \"" + name + "\" has two time-window dimensions; at most one may be");
      }
    }

    /** The dimensions in key order. */
    public List<Dimension> dimensions() {
      return List.of(first, second);
    }

    @Override
    public String describe() {
      return "multi partitions \""
          + name
          + "\" ("
          + first.name()
          + ": "
          + first.definition().describe()
          + "; "
          + second.name()
          + ": "
          + second.definition().describe()
          + ")";
    }
  }

  /** Hourly partitions from the top of the hour {@code start} in UTC, up to now. */
  static TimeWindowed hourly(LocalDateTime start) {
    return new TimeWindowed(Cadence.HOURLY, start, null, UTC);
  }

  /** Daily partitions from {@code start} in UTC, up to now. */
  static TimeWindowed daily(LocalDate start) {
    Objects.requireNonNull(start, "start == null");
    return new TimeWindowed(Cadence.DAILY, start.atStartOfDay(), null, UTC);
  }

  /** Weekly partitions from the Monday {@code start} in UTC, up to now. */
  static TimeWindowed weekly(LocalDate start) {
    Objects.requireNonNull(start, "start == null");
    return new TimeWindowed(Cadence.WEEKLY, start.atStartOfDay(), null, UTC);
  }

  /** Monthly partitions from the month {@code start} in UTC, up to now. */
  static TimeWindowed monthly(YearMonth start) {
    Objects.requireNonNull(start, "start == null");
    return new TimeWindowed(Cadence.MONTHLY, start.atDay(1).atStartOfDay(), null, UTC);
  }

  /** Static partitions with these keys, in this order. */
  static Static staticKeys(String... keys) {
    Objects.requireNonNull(keys, "keys == null");
    return new Static(List.of(keys));
  }

  /** Dynamic partitions whose keys are added at runtime under {@code name}. */
  static Dynamic dynamic(String name) {
    return new Dynamic(name);
  }

  /** A dimension named {@code name} for {@link #multi(String, Dimension, Dimension)}. */
  static Dimension dimension(String name, PartitionsDefinition definition) {
    return new Dimension(name, definition);
  }

  /** Multi partitions named {@code name}; keys are {@code firstKey|secondKey}. */
  static Multi multi(String name, Dimension first, Dimension second) {
    return new Multi(name, first, second);
  }

  /**
   * The definition a snapshot describes.
   *
   * @throws IllegalArgumentException when the snapshot's values do not make a definition, e.g. a
   *     daily start that is not midnight
   */
  static PartitionsDefinition fromSnapshot(PartitionsSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot == null");
    PartitionsKind kind = snapshot.kind();
    if (kind.isTimeWindow()) {
      return new TimeWindowed(
          Cadence.valueOf(kind.name()),
          LocalDateTime.parse(snapshot.start()),
          snapshot.end() == null ? null : LocalDateTime.parse(snapshot.end()),
          zone(snapshot.timezone()));
    }
    return switch (kind) {
      case STATIC -> new Static(snapshot.staticKeys());
      case DYNAMIC -> new Dynamic(snapshot.name());
      case MULTI ->
          new Multi(
              snapshot.name(),
              dimensionOf(snapshot.dimensions().get(0)),
              dimensionOf(snapshot.dimensions().get(1)));
      default -> throw new IllegalStateException("unexpected kind " + kind);
    };
  }

  /** This definition as snapshot data, described by {@link #describe()}. */
  default PartitionsSnapshot toSnapshot() {
    return switch (this) {
      case TimeWindowed window ->
          PartitionsSnapshot.timeWindow(
              PartitionsKind.valueOf(window.cadence().name()),
              window.start().toString(),
              window.end() == null ? null : window.end().toString(),
              window.timezone().getId(),
              window.describe());
      case Static keys -> PartitionsSnapshot.staticKeys(keys.keys(), keys.describe());
      case Dynamic dynamic -> PartitionsSnapshot.dynamic(dynamic.name(), dynamic.describe());
      case Multi multi ->
          PartitionsSnapshot.multi(
              multi.name(),
              new PartitionDimensionSnapshot(
                  multi.first().name(), multi.first().definition().toSnapshot()),
              new PartitionDimensionSnapshot(
                  multi.second().name(), multi.second().definition().toSnapshot()),
              multi.describe());
    };
  }

  /**
   * Checks the rule every static and dynamic key follows, and returns the key: not blank, no
   * leading or trailing whitespace or control characters, and none of {@code |} (joins multi keys),
   * {@code ,} (separates keys in a selection) or {@code ...} (marks a range).
   *
   * @throws IllegalArgumentException naming the key and the character to remove
   */
  static String requireValidKey(String key) {
    Objects.requireNonNull(key, "partition key == null");
    String problem = null;
    if (key.isBlank()) {
      problem = "is blank";
    } else if (!key.strip().equals(key)) {
      problem = "has leading or trailing whitespace";
    } else if (key.contains(MULTI_KEY_SEPARATOR)) {
      problem = "contains '|', which joins the keys of multi partitions";
    } else if (key.contains(",")) {
      problem = "contains ',', which separates keys in a selection";
    } else if (key.contains(RANGE_SEPARATOR)) {
      problem = "contains '...', which marks a range of keys";
    } else if (key.chars().anyMatch(Character::isISOControl)) {
      problem = "contains a control character";
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "partition key \""
              + key
              + "\" "
              + problem
              + ": use a key like \"us\" or \"customer-42\"");
    }
    return key;
  }

  private static Dimension dimensionOf(PartitionDimensionSnapshot dimension) {
    return new Dimension(dimension.name(), fromSnapshot(dimension.partitions()));
  }

  private static void requireName(String name, String what) {
    Objects.requireNonNull(name, what + " name == null");
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(
          what + " name \"" + name + "\" must be letters, digits, '_', '-' or '.'");
    }
  }

  private static ZoneId zone(String timezone) {
    Objects.requireNonNull(timezone, "timezone == null");
    try {
      return ZoneId.of(timezone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("unknown timezone \"" + timezone + "\"", e);
    }
  }
}
