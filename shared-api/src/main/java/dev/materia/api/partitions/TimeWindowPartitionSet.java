package dev.materia.api.partitions;

import dev.materia.sdk.PartitionsDefinition.Cadence;
import dev.materia.sdk.PartitionsDefinition.TimeWindowed;
import dev.materia.sdk.TimeWindow;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keys of a time-window definition. Partition {@code i} starts at the local boundary {@code start +
 * i × cadence} and ends at boundary {@code i + 1}, both turned into instants by the zone's rules: a
 * local time in a DST gap moves later by the gap's length, and one in an overlap takes the earlier
 * offset. Windows therefore tile the timeline. A boundary that lands in a gap can make a window
 * empty (the skipped hour, or a day a zone skipped altogether); such an index has no key.
 *
 * <p>Arithmetic is on indexes, so a key is checked in constant time and enumeration is linear.
 */
final class TimeWindowPartitionSet implements PartitionSet {
  private final TimeWindowed definition;
  private final Clock clock;
  private final Cadence cadence;
  private final LocalDateTime start;
  private final ZoneId zone;
  // Fixed-offset zones (UTC among them) have no gaps, so no window is ever empty.
  private final ZoneOffset fixedOffset;

  TimeWindowPartitionSet(TimeWindowed definition, Clock clock) {
    this.definition = Objects.requireNonNull(definition, "definition == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.cadence = definition.cadence();
    this.start = definition.start();
    this.zone = definition.timezone();
    this.fixedOffset =
        zone.getRules().isFixedOffset() ? zone.getRules().getOffset(Instant.EPOCH) : null;
  }

  @Override
  public TimeWindowed definition() {
    return definition;
  }

  @Override
  public List<String> keys() {
    return keysBetween(0, endIndex());
  }

  @Override
  public int size() {
    long end = endIndex();
    return (int) (fixedOffset != null ? end : end - emptyIndexesBefore(end));
  }

  /**
   * How many indexes below {@code end} have an empty window. Only a boundary in a DST gap can make
   * one, so this looks at the zone's gaps instead of at every window: counting stays cheap for the
   * catalog, which counts every partitioned asset's keys on each page.
   */
  private long emptyIndexesBefore(long end) {
    if (end <= 0) {
      return 0;
    }
    ZoneRules rules = zone.getRules();
    Instant last = instant(boundary(end));
    long empty = 0;
    long checked = -1;
    ZoneOffsetTransition gap = rules.nextTransition(instant(start).minus(Duration.ofDays(2)));
    for (;
        gap != null && !gap.getInstant().isAfter(last);
        gap = rules.nextTransition(gap.getInstant())) {
      if (!gap.isGap()) {
        continue;
      }
      long i = Math.max(Math.max(0, floorIndex(gap.getDateTimeBefore())), checked + 1);
      for (; i < end && !boundary(i).isAfter(gap.getDateTimeAfter()); i++) {
        if (!instant(boundary(i)).isBefore(instant(boundary(i + 1)))) {
          empty++;
        }
        checked = i;
      }
    }
    return empty;
  }

  @Override
  public boolean contains(String key) {
    return locate(key) instanceof Found;
  }

  @Override
  public String check(String key) {
    index(key);
    return key;
  }

  @Override
  public List<String> range(String first, String last) {
    long from = index(first);
    long to = index(last);
    if (from > to) {
      throw InvalidPartitionKeyException.reversedRange(first, last);
    }
    return keysBetween(from, to + 1);
  }

  /** The keys of the non-empty indexes in {@code [from, to)}, in one linear pass. */
  private List<String> keysBetween(long from, long to) {
    List<String> keys = new ArrayList<>((int) Math.max(0, Math.min(to - from, 1 << 20)));
    if (fixedOffset != null) {
      for (long i = from; i < to; i++) {
        keys.add(format(boundary(i)));
      }
      return keys;
    }
    // Each boundary's instant is computed once and reused as the next window's start.
    LocalDateTime local = boundary(from);
    Instant windowStart = instant(local);
    for (long i = from; i < to; i++) {
      LocalDateTime next = boundary(i + 1);
      Instant windowEnd = instant(next);
      if (windowStart.isBefore(windowEnd)) {
        keys.add(format(local));
      }
      local = next;
      windowStart = windowEnd;
    }
    return keys;
  }

  @Override
  public Optional<TimeWindow> timeWindow(String key) {
    return Optional.of(window(index(key)));
  }

  @Override
  public String exampleKey() {
    for (long i = 0; i < 4; i++) {
      if (!isEmpty(i)) {
        return format(boundary(i));
      }
    }
    return format(start);
  }

  @Override
  public String suggestedKey() {
    long end = endIndex();
    return end <= 0 ? exampleKey() : format(boundary(shift(end, -1)));
  }

  // ---- used by PartitionMappings ----

  /** The index of a valid key. */
  long index(String key) {
    Lookup lookup = locate(key);
    if (lookup instanceof Found found) {
      return found.index();
    }
    throw new InvalidPartitionKeyException(
        String.valueOf(key), "\"" + key + "\" " + ((Problem) lookup).message());
  }

  /** The window of index {@code i}, which must not be empty. */
  TimeWindow window(long i) {
    return new TimeWindow(
        ZonedDateTime.of(boundary(i), zone), ZonedDateTime.of(boundary(i + 1), zone));
  }

  /** The key of index {@code i}, whether or not it lies in range. */
  String keyAt(long i) {
    return format(boundary(i));
  }

  /** The instant partition {@code i} starts at (and {@code i - 1} ends at). */
  Instant startOf(long i) {
    return instant(boundary(i));
  }

  boolean inRange(long i) {
    return i >= 0 && i < endIndex();
  }

  boolean isEmpty(long i) {
    return fixedOffset == null && !instant(boundary(i)).isBefore(instant(boundary(i + 1)));
  }

  /** The non-empty index {@code offset} partitions away from {@code i}, ignoring the range. */
  long shift(long i, int offset) {
    int step = Integer.signum(offset);
    long j = i;
    for (int moved = 0; moved != offset; moved += step) {
      j += step;
      while (isEmpty(j)) {
        j += step;
      }
    }
    return j;
  }

  /** The index of the non-empty window that contains {@code instant}, ignoring the range. */
  long indexContaining(Instant instant) {
    long i = floorIndex(LocalDateTime.ofInstant(instant, zone));
    while (!startOf(i + 1).isAfter(instant)) {
      i++;
    }
    while (startOf(i).isAfter(instant)) {
      i--;
    }
    return i;
  }

  /** The first index past the last partition: bounded by the end and by now. */
  long endIndex() {
    long ended = endedCount(clock.instant());
    if (definition.end() == null) {
      return ended;
    }
    return Math.min(ended, floorIndex(definition.end()));
  }

  // ---- boundaries and instants ----

  private LocalDateTime boundary(long i) {
    return switch (cadence) {
      case HOURLY -> start.plusHours(i);
      case DAILY -> start.plusDays(i);
      case WEEKLY -> start.plusWeeks(i);
      case MONTHLY -> start.plusMonths(i);
    };
  }

  private Instant instant(LocalDateTime local) {
    if (fixedOffset != null) {
      return local.toInstant(fixedOffset);
    }
    // ZonedDateTime.of moves a local time in a gap later by the gap and takes the earlier offset
    // in an overlap, which is what makes consecutive windows tile the timeline.
    return ZonedDateTime.of(local, zone).toInstant();
  }

  /** The largest index whose boundary is at or before {@code local}; negative before start. */
  private long floorIndex(LocalDateTime local) {
    ChronoUnit unit =
        switch (cadence) {
          case HOURLY -> ChronoUnit.HOURS;
          case DAILY -> ChronoUnit.DAYS;
          case WEEKLY -> ChronoUnit.WEEKS;
          case MONTHLY -> ChronoUnit.MONTHS;
        };
    // between() truncates toward zero, so it is one too high before start; fix that up here.
    long i = unit.between(start, local);
    while (boundary(i).isAfter(local)) {
      i--;
    }
    while (!boundary(i + 1).isAfter(local)) {
      i++;
    }
    return i;
  }

  /** How many windows have ended at {@code now}: the largest c with startOf(c) <= now, min 0. */
  private long endedCount(Instant now) {
    long c = floorIndex(LocalDateTime.ofInstant(now, zone));
    while (!instant(boundary(c + 1)).isAfter(now)) {
      c++;
    }
    while (c > 0 && instant(boundary(c)).isAfter(now)) {
      c--;
    }
    return Math.max(c, 0);
  }

  // ---- keys ----

  private String format(LocalDateTime local) {
    String date = local.toLocalDate().toString();
    if (cadence != Cadence.HOURLY) {
      return date;
    }
    int hour = local.getHour();
    return date + (hour < 10 ? "-0" : "-") + hour + ":00";
  }

  private String keyFormat() {
    return cadence == Cadence.HOURLY ? "yyyy-MM-dd-HH:mm" : "yyyy-MM-dd";
  }

  private sealed interface Lookup permits Found, Problem {}

  private record Found(long index) implements Lookup {}

  private record Problem(String message) implements Lookup {}

  private Lookup locate(String key) {
    if (key == null) {
      return new Problem("is not a key: expected " + keyFormat() + ", e.g. " + exampleKey());
    }
    LocalDateTime local = parse(key);
    if (local == null) {
      return new Problem(
          "is not "
              + withArticle(cadence)
              + " partition key: expected "
              + keyFormat()
              + ", e.g. "
              + exampleKey());
    }
    long i = floorIndex(local);
    if (!boundary(i).equals(local)) {
      String what =
          switch (cadence) {
            case HOURLY -> "the top of an hour";
            case DAILY -> "a day";
            case WEEKLY -> "a Monday (weeks start on Monday, ISO-8601)";
            case MONTHLY -> "the first day of a month";
          };
      return new Problem(
          "is not "
              + withArticle(cadence)
              + " partition key: "
              + cadence.label()
              + " keys name "
              + what
              + ", e.g. "
              + format(boundary(i))
              + " or "
              + format(boundary(i + 1)));
    }
    if (i < 0) {
      return new Problem(
          "is before the first partition "
              + exampleKey()
              + " of "
              + definition.describe()
              + ": use "
              + exampleKey()
              + " or later");
    }
    if (isEmpty(i)) {
      long next = shift(i, 1);
      return new Problem(
          "is not a partition: that "
              + (cadence == Cadence.HOURLY ? "hour" : "period")
              + " does not exist in "
              + zone.getId()
              + " (the clocks skip it); the next partition is "
              + format(boundary(next)));
    }
    if (definition.end() != null && i >= floorIndex(definition.end())) {
      String last = format(boundary(shift(floorIndex(definition.end()), -1)));
      return new Problem(
          "is after the last partition "
              + last
              + " of "
              + definition.describe()
              + ": use "
              + last
              + " or earlier, or move the end later");
    }
    long ended = endedCount(clock.instant());
    if (i >= ended) {
      return new Problem(
          "is not a partition yet: its window ends at "
              + ZonedDateTime.of(boundary(i + 1), zone).toOffsetDateTime()
              + ", after now ("
              + clock.instant().atZone(zone).toOffsetDateTime()
              + "); "
              + (ended == 0
                  ? "no partition of " + definition.describe() + " has ended yet"
                  : "the latest partition is " + format(boundary(shift(ended, -1)))));
    }
    return new Found(i);
  }

  private LocalDateTime parse(String key) {
    try {
      if (cadence == Cadence.HOURLY) {
        // yyyy-MM-dd-HH:mm, checked by shape first so LocalDate never sees a stray suffix.
        if (key.length() != 16
            || key.charAt(10) != '-'
            || key.charAt(13) != ':'
            || !digits(key, 11, 13)
            || !digits(key, 14, 16)) {
          return null;
        }
        LocalDate date = parseDate(key.substring(0, 10));
        int hour = Integer.parseInt(key, 11, 13, 10);
        int minute = Integer.parseInt(key, 14, 16, 10);
        if (date == null || hour > 23 || minute > 59) {
          return null;
        }
        return date.atTime(hour, minute);
      }
      LocalDate date = parseDate(key);
      return date == null ? null : date.atStartOfDay();
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  private static String withArticle(Cadence cadence) {
    return (cadence == Cadence.HOURLY ? "an " : "a ") + cadence.label();
  }

  private static LocalDate parseDate(String text) {
    if (text.length() != 10
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || !digits(text, 0, 4)
        || !digits(text, 5, 7)
        || !digits(text, 8, 10)) {
      return null;
    }
    // LocalDate.parse resolves strictly: 2023-02-29 and 2024-04-31 are rejected.
    return LocalDate.parse(text);
  }

  private static boolean digits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
