package dev.materia.sdk;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How an asset is split into partitions: time windows, a fixed list, a named dynamic list, or two
 * of those combined.
 *
 * <p>Time-window and static partitions are usually declared with an annotation on the asset method
 * ({@link DailyPartitions}, {@link HourlyPartitions}, {@link WeeklyPartitions}, {@link
 * MonthlyPartitions}, {@link StaticPartitions}). Dynamic and multi partitions are named definitions
 * registered by name in {@code Definitions} and referenced with {@link NamedPartitions}:
 *
 * <pre>{@code
 * PartitionsDefinition customers = PartitionsDefinition.dynamic("customers");
 * PartitionsDefinition dailyByRegion =
 *     PartitionsDefinition.multi(
 *         "daily_by_region",
 *         PartitionsDefinition.dimension("date", PartitionsDefinition.daily(LocalDate.of(2024, 1, 1))),
 *         PartitionsDefinition.dimension("region", PartitionsDefinition.staticKeys("us", "eu")));
 *
 * Definitions.builder().partitions(dailyByRegion) ...   // registered under its name
 *
 * @Asset
 * @NamedPartitions("daily_by_region")
 * public static List<Sale> regionalSales(AssetContext context) { ... }   // key "2024-01-01|us"
 * }</pre>
 *
 * <p>Partition keys are strings:
 *
 * <ul>
 *   <li>hourly: {@code 2024-01-01-13:00} (local wall-clock hour in the timezone);
 *   <li>daily: {@code 2024-01-01}; weekly: the Monday that starts the ISO week, {@code 2024-01-01};
 *       monthly: the first day of the month, {@code 2024-01-01};
 *   <li>static and dynamic: the key itself, see {@link #requireValidKey(String)};
 *   <li>multi: the first dimension's key, {@code |}, the second dimension's key, in the order the
 *       dimensions were declared: {@code 2024-01-01|us}.
 * </ul>
 *
 * <p>A definition is plain data; the runtime computes keys and windows from it. Every constructor
 * checks its arguments and says what to change when they are wrong.
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

  /** A short human description naming the kind and its parameters, used in error messages. */
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
   * <p>{@code start} is the first partition's local start; {@code end}, when not null, is the
   * exclusive local end of the last partition (so {@code end = 2025-01-01} makes {@code 2024-12-31}
   * the last daily partition). With no end, partitions run up to now: a partition exists once its
   * window has ended. Both must lie on a partition boundary: the top of an hour, midnight, a Monday
   * midnight, the first of a month.
   *
   * <pre>{@code
   * PartitionsDefinition.daily(LocalDate.of(2024, 1, 1))
   *     .withTimezone("Europe/Berlin")
   *     .withEnd(LocalDate.of(2025, 1, 1).atStartOfDay());
   * }</pre>
   *
   * @param cadence hourly, daily, weekly or monthly
   * @param start local start of the first partition
   * @param end local exclusive end of the last partition, or null for "up to now"
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
              "end "
                  + format(cadence, end)
                  + " is not after start "
                  + format(cadence, start)
                  + ": end is the exclusive end of the last partition, so it must come after start;"
                  + " e.g. start = \""
                  + format(cadence, start)
                  + "\", end = \""
                  + format(cadence, next(cadence, start))
                  + "\" makes one partition");
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
     * The same partitions with windows in the timezone named {@code timezone}, e.g. {@code
     * "Europe/Berlin"}.
     *
     * @throws IllegalArgumentException naming the unknown zone
     */
    public TimeWindowed withTimezone(String timezone) {
      return withTimezone(zone(timezone));
    }

    /** Whether partitions run up to now rather than to a fixed end. */
    public boolean openEnded() {
      return end == null;
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
      String problem =
          switch (cadence) {
            case HOURLY ->
                value.getMinute() != 0 || value.getSecond() != 0 || value.getNano() != 0
                    ? "is not at the top of an hour"
                    : null;
            case DAILY -> value.toLocalTime().equals(LocalTime.MIDNIGHT) ? null : "is not midnight";
            case WEEKLY ->
                !value.toLocalTime().equals(LocalTime.MIDNIGHT)
                    ? "is not midnight"
                    : value.getDayOfWeek() != DayOfWeek.MONDAY
                        ? "is a "
                            + value.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
                            + "; weekly partitions start on Monday (ISO-8601 weeks)"
                        : null;
            case MONTHLY ->
                !value.toLocalTime().equals(LocalTime.MIDNIGHT)
                    ? "is not midnight"
                    : value.getDayOfMonth() != 1
                        ? "is not the first day of a month; monthly partitions start on the 1st"
                        : null;
          };
      if (problem != null) {
        LocalDateTime earlier = floor(cadence, value);
        throw new IllegalArgumentException(
            cadence.label()
                + " "
                + what
                + " "
                + format(cadence, value)
                + " "
                + problem
                + ": use "
                + format(cadence, earlier)
                + " or "
                + format(cadence, next(cadence, earlier)));
      }
    }

    private static LocalDateTime floor(Cadence cadence, LocalDateTime value) {
      return switch (cadence) {
        case HOURLY -> value.withMinute(0).withSecond(0).withNano(0);
        case DAILY -> value.toLocalDate().atStartOfDay();
        case WEEKLY ->
            value.toLocalDate().minusDays(value.getDayOfWeek().getValue() - 1L).atStartOfDay();
        case MONTHLY -> value.toLocalDate().withDayOfMonth(1).atStartOfDay();
      };
    }

    private static LocalDateTime next(Cadence cadence, LocalDateTime boundary) {
      return switch (cadence) {
        case HOURLY -> boundary.plusHours(1);
        case DAILY -> boundary.plusDays(1);
        case WEEKLY -> boundary.plusWeeks(1);
        case MONTHLY -> boundary.plusMonths(1);
      };
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
   * <pre>{@code
   * PartitionsDefinition.staticKeys("us", "eu", "apac")
   * }</pre>
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
   * A named list of keys that grows at runtime (customers, files, tenants): keys are added to a
   * store under this name, and the definition itself holds no keys.
   *
   * <pre>{@code
   * Definitions.builder().partitions(PartitionsDefinition.dynamic("customers"))
   * }</pre>
   *
   * @param name the store's name for the key list; letters, digits, {@code _}, {@code -} and {@code
   *     .}
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
            "dimension \""
                + name
                + "\" is itself multi partitions \""
                + multi.name()
                + "\": a multi definition has exactly two dimensions, each time-window, static or"
                + " dynamic");
      }
    }
  }

  /**
   * Two dimensions combined: every key of the first with every key of the second. A key is {@code
   * first|second}, e.g. {@code 2024-01-01|us}, in declaration order. At most one dimension is a
   * time window, and {@code AssetContext.partitionTimeWindow()} returns that dimension's window.
   *
   * <pre>{@code
   * PartitionsDefinition.multi(
   *     "daily_by_region",
   *     PartitionsDefinition.dimension("date", PartitionsDefinition.daily(LocalDate.of(2024, 1, 1))),
   *     PartitionsDefinition.dimension("region", PartitionsDefinition.staticKeys("us", "eu")))
   * }</pre>
   *
   * @param name the definition's name, which {@link NamedPartitions} refers to
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
            "multi partitions \""
                + name
                + "\" has two dimensions named \""
                + first.name()
                + "\": give each dimension its own name, e.g. \"date\" and \"region\"");
      }
      if (first.definition() instanceof TimeWindowed
          && second.definition() instanceof TimeWindowed) {
        throw new IllegalArgumentException(
            "multi partitions \""
                + name
                + "\" has two time-window dimensions (\""
                + first.name()
                + "\" and \""
                + second.name()
                + "\"): at most one dimension may be a time window; make the other static or"
                + " dynamic");
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
   * Checks the rule every static and dynamic key follows, and returns the key.
   *
   * <p>A key is not blank, has no leading or trailing whitespace or control characters, and does
   * not contain {@code |} (it joins multi keys), {@code ,} (it separates keys in a selection) or
   * {@code ...} (it marks a range).
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

  private static void requireName(String name, String what) {
    Objects.requireNonNull(name, what + " name == null");
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(
          what
              + " name \""
              + name
              + "\" must be letters, digits, '_', '-' or '.', e.g. \"customers\"");
    }
  }

  private static ZoneId zone(String timezone) {
    Objects.requireNonNull(timezone, "timezone == null");
    try {
      return ZoneId.of(timezone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "unknown timezone \""
              + timezone
              + "\": use a region ID such as \"UTC\" or \"Europe/Berlin\"",
          e);
    }
  }
}
