package dev.materia.controlplane.runs;

import dev.materia.api.RunStatus;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.api.Cursors;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A run list request checked at the door (pure): 400 naming the parameter when one is malformed.
 *
 * @param statuses the statuses asked for; empty for all
 * @param tag one tag's key and value; null for any
 * @param beforeAt with {@code beforeId}, the last run of the previous page, decoded from the cursor
 * @param limit the page size, 1 to {@link #MAX_PAGE}
 */
public record RunQuery(
    Set<RunStatus> statuses,
    @Nullable Map<String, String> tag,
    @Nullable Instant createdAfter,
    @Nullable Instant createdBefore,
    @Nullable Instant beforeAt,
    @Nullable UUID beforeId,
    int limit) {
  public static final int DEFAULT_PAGE = 50;
  public static final int MAX_PAGE = 200;

  public static RunQuery parse(
      @Nullable String status,
      @Nullable String tag,
      @Nullable String createdAfter,
      @Nullable String createdBefore,
      @Nullable String cursor,
      @Nullable Integer limit) {
    Set<RunStatus> statuses = parseStatuses(status);
    Map<String, String> tagFilter = null;
    if (tag != null && !tag.isBlank()) {
      int eq = tag.indexOf('=');
      if (eq <= 0) {
        throw ApiException.invalid("tag", "tag must be key=value, such as trigger=ci");
      }
      tagFilter = Map.of(tag.substring(0, eq), tag.substring(eq + 1));
    }
    int size = limit == null ? DEFAULT_PAGE : limit;
    if (size < 1 || size > MAX_PAGE) {
      throw ApiException.invalid("limit", "limit must be 1 to " + MAX_PAGE + ", not " + size);
    }
    Instant beforeAt = null;
    UUID beforeId = null;
    String after = cursor == null || cursor.isBlank() ? null : Cursors.decode(cursor);
    if (after != null) {
      try {
        String[] parts = after.split("/");
        beforeAt = Instant.parse(parts[0]);
        beforeId = UUID.fromString(parts[1]);
      } catch (RuntimeException e) {
        throw Cursors.invalid();
      }
    }
    return new RunQuery(
        statuses,
        tagFilter,
        instant(createdAfter, "createdAfter"),
        instant(createdBefore, "createdBefore"),
        beforeAt,
        beforeId,
        size);
  }

  private static Set<RunStatus> parseStatuses(@Nullable String status) {
    Set<RunStatus> statuses = EnumSet.noneOf(RunStatus.class);
    if (status == null || status.isBlank()) {
      return statuses;
    }
    for (String s : status.split(",")) {
      try {
        statuses.add(RunStatus.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid(
            "status",
            "status '"
                + s
                + "' is unknown: use QUEUED, STARTING, STARTED, SUCCESS, FAILURE or"
                + " CANCELED (commas for several)");
      }
    }
    return statuses;
  }

  private static @Nullable Instant instant(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(
          field, field + " '" + value + "' is not an ISO-8601 instant like 2024-06-01T00:00:00Z");
    }
  }
}
