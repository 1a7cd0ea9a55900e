package dev.materia.controlplane.audit;

import dev.materia.controlplane.access.OrgAccess;
import dev.materia.controlplane.access.Role;
import dev.materia.controlplane.access.UserCaller;
import dev.materia.controlplane.api.ApiError;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.api.Cursors;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** An organization's audit log, newest first (admin). */
@ApiResponse(
    responseCode = "4XX",
    description = "Refused; the body says why in the one error shape",
    content =
        @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@Controller("/api/v1/orgs/{org}/audit-log")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "audit")
final class AuditController {
  private static final int MAX_LIMIT = 200;
  private final OrgAccess access;
  private final AuditRepository repository;
  private final JsonMapper json;

  AuditController(OrgAccess access, AuditRepository repository, JsonMapper json) {
    this.access = access;
    this.repository = repository;
    this.json = json;
  }

  /**
   * One page of entries, newest first.
   *
   * @param before only entries older than this id; pass the previous page's {@code next}
   * @param cursor the previous page's {@code nextCursor}, as on the other lists (or {@code before})
   * @param limit 1 to 200, default 50
   */
  @Get
  AuditPage list(
      UserCaller caller,
      String org,
      @QueryValue @Nullable Long before,
      @QueryValue @Nullable String cursor,
      @QueryValue @Nullable Integer limit) {
    int size = limit == null ? 50 : limit;
    if (size < 1 || size > MAX_LIMIT) {
      throw ApiException.invalid("limit", "limit must be 1 to " + MAX_LIMIT + ", not " + size);
    }
    Long after = cursor == null || cursor.isEmpty() ? before : cursorId(cursor);
    return access.inOrg(
        caller,
        org,
        Role.ADMIN,
        scope -> {
          List<AuditEntry> entries =
              repository.page(scope.orgId(), after == null ? Long.MAX_VALUE : after, size).stream()
                  .map(this::entry)
                  .toList();
          Long next = entries.size() == size ? entries.get(entries.size() - 1).id() : null;
          return new AuditPage(
              entries, next, next == null ? null : Cursors.encode(Long.toString(next)));
        });
  }

  /** The entry id a cursor of this list holds; 400 for any other text. */
  private static Long cursorId(String cursor) {
    String value = Cursors.decode(cursor);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw Cursors.invalid();
    }
  }

  private AuditEntry entry(AuditEntryRow row) {
    try {
      Map<String, Object> detail =
          json.readValue(row.detail(), Argument.mapOf(String.class, Object.class));
      return new AuditEntry(
          row.id(),
          row.at(),
          row.action(),
          row.subject(),
          row.actorUserId(),
          row.actorTokenId(),
          row.ip(),
          detail);
    } catch (IOException e) {
      throw new UncheckedIOException("audit entry " + row.id() + " holds unreadable JSON", e);
    }
  }

  /**
   * @param next the {@code before} value for the following page; null on the last page
   * @param nextCursor the {@code cursor} for the following page; null on the last page
   */
  @Serdeable
  record AuditPage(List<AuditEntry> entries, @Nullable Long next, @Nullable String nextCursor) {}
}
