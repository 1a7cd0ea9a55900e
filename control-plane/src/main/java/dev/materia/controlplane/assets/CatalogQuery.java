package dev.materia.controlplane.assets;

import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.api.Cursors;
import io.micronaut.core.annotation.Nullable;

/**
 * A catalog request checked at the door: search text, filters, cursor and page size.
 *
 * @param search matches anywhere in the key or description, case-insensitively; null for all
 * @param tagKey with {@code tagValue}: {@code tag=tier=gold} or just {@code tag=tier}
 * @param status only assets with this {@link AssetStatus}; null for all
 * @param after the last key of the previous page, decoded from the cursor
 */
public record CatalogQuery(
    @Nullable String search,
    @Nullable String group,
    @Nullable String owner,
    @Nullable String kind,
    @Nullable String tagKey,
    @Nullable String tagValue,
    @Nullable String codeLocation,
    @Nullable AssetStatus status,
    @Nullable String after,
    int limit) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;
  private static final int MAX_FILTER = 200;

  /** Parses query parameters; 400 naming the parameter when one is malformed. */
  public static CatalogQuery parse(
      @Nullable String search,
      @Nullable String group,
      @Nullable String owner,
      @Nullable String kind,
      @Nullable String tag,
      @Nullable String codeLocation,
      @Nullable String status,
      @Nullable String cursor,
      @Nullable Integer limit) {
    String tagKey = null;
    String tagValue = null;
    String checkedTag = filter(tag, "tag");
    if (checkedTag != null) {
      int eq = checkedTag.indexOf('=');
      tagKey = eq < 0 ? checkedTag : checkedTag.substring(0, eq);
      tagValue = eq < 0 ? null : checkedTag.substring(eq + 1);
      if (tagKey.isEmpty()) {
        throw ApiException.invalid(
            "tag", "tag '" + checkedTag + "' needs a key: tag=tier=gold or tag=tier");
      }
    }
    return new CatalogQuery(
        filter(search, "q"),
        filter(group, "group"),
        filter(owner, "owner"),
        filter(kind, "kind"),
        tagKey,
        tagValue,
        filter(codeLocation, "codeLocation"),
        status(filter(status, "status")),
        Cursors.decode(cursor),
        limit(limit, MAX_LIMIT));
  }

  private static @Nullable AssetStatus status(@Nullable String status) {
    if (status == null) {
      return null;
    }
    for (AssetStatus known : AssetStatus.values()) {
      if (known.name().equalsIgnoreCase(status)) {
        return known;
      }
    }
    throw ApiException.invalid(
        "status",
        "status '" + status + "' is not one of running, failed, stale, missing, up_to_date");
  }

  /** A page size between 1 and {@code max}; {@link #DEFAULT_LIMIT} when absent. */
  static int limit(@Nullable Integer limit, int max) {
    if (limit == null) {
      return Math.min(DEFAULT_LIMIT, max);
    }
    if (limit < 1 || limit > max) {
      throw ApiException.invalid("limit", "limit " + limit + " is not between 1 and " + max);
    }
    return limit;
  }

  private static @Nullable String filter(@Nullable String value, String name) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > MAX_FILTER || value.indexOf('\0') >= 0) {
      throw ApiException.invalid(
          name, name + " is longer than " + MAX_FILTER + " characters or holds a NUL");
    }
    return value.strip();
  }
}
