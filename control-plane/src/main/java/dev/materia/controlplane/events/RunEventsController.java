package dev.materia.controlplane.events;

import dev.materia.controlplane.access.OrgAccess;
import dev.materia.controlplane.access.Role;
import dev.materia.controlplane.access.UserCaller;
import dev.materia.controlplane.api.ApiError;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.runs.RunRow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.reactivestreams.Publisher;

/** A run's events for the console and CI: a page after a seq, or a live stream. */
@ApiResponse(
    responseCode = "4XX",
    description = "Refused; the body says why in the one error shape",
    content =
        @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@Controller("/api/v1/orgs/{org}/deployments/{deployment}/runs/{id}/events")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "runs")
final class RunEventsController {
  private final OrgAccess access;
  private final RunEventReader reader;
  private final RunEventStreams streams;

  RunEventsController(OrgAccess access, RunEventReader reader, RunEventStreams streams) {
    this.access = access;
    this.reader = reader;
    this.streams = streams;
  }

  /**
   * Events with seq above {@code after}, in order, up to the highest contiguous seq.
   *
   * @param after the last seq already seen; 0 for the start
   * @param limit 1 to 1000, default 1000
   */
  @Get
  RunEventPage page(
      UserCaller caller,
      String org,
      String deployment,
      String id,
      @Nullable @QueryValue String after,
      @Nullable @QueryValue Integer limit) {
    long from = parseAfter(after);
    int size = limit == null ? RunEventReader.MAX_PAGE : limit;
    return access.inOrg(
        caller, org, Role.VIEWER, scope -> reader.page(scope, deployment, id, from, size));
  }

  /**
   * The run's events as server-sent events ({@code event: run_event}, {@code id: seq}, {@code
   * data:} the event's JSON as stored) from {@code after} on, live until the run has finished.
   */
  @Get(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM)
  Publisher<Event<String>> stream(
      UserCaller caller,
      String org,
      String deployment,
      String id,
      @Nullable @QueryValue String after) {
    long from = parseAfter(after);
    RunRow run =
        access.inOrg(caller, org, Role.VIEWER, scope -> reader.open(scope, deployment, id));
    return streams.open(run, from);
  }

  private static long parseAfter(@Nullable String after) {
    if (after == null || after.isBlank()) {
      return 0;
    }
    try {
      long value = Long.parseLong(after.trim());
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw ApiException.invalid("after", "after must be 0 or a seq, not '" + after + "'");
    }
  }
}
