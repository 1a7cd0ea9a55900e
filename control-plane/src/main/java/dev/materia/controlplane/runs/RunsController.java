package dev.materia.controlplane.runs;

import dev.materia.controlplane.access.OrgAccess;
import dev.materia.controlplane.access.Role;
import dev.materia.controlplane.access.UserCaller;
import dev.materia.controlplane.api.ApiError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Runs of a deployment: launchers launch and cancel, everyone reads. */
@ApiResponse(
    responseCode = "4XX",
    description = "Refused; the body says why in the one error shape",
    content =
        @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@Controller("/api/v1/orgs/{org}/deployments/{deployment}/runs")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "runs")
final class RunsController {
  private final OrgAccess access;
  private final Runs runs;

  RunsController(OrgAccess access, Runs runs) {
    this.access = access;
    this.runs = runs;
  }

  /**
   * Queues a run of a selection, of one partition or a range when it holds partitioned assets
   * (launcher).
   */
  @Post
  @Status(HttpStatus.CREATED)
  Run launch(
      UserCaller caller, String org, String deployment, @Nullable @Body LaunchRequest request) {
    return access.inOrg(
        caller, org, Role.LAUNCHER, scope -> runs.launch(scope, deployment, request));
  }

  /**
   * The deployment's runs, newest first.
   *
   * @param status one status or several, comma-separated
   * @param tag {@code key=value}
   * @param createdAfter ISO-8601 instant, inclusive
   * @param createdBefore ISO-8601 instant, exclusive
   * @param cursor {@code nextCursor} of the previous page
   * @param limit 1 to 200, default 50
   */
  @Get
  RunPage list(
      UserCaller caller,
      String org,
      String deployment,
      @Nullable @QueryValue String status,
      @Nullable @QueryValue String tag,
      @Nullable @QueryValue String createdAfter,
      @Nullable @QueryValue String createdBefore,
      @Nullable @QueryValue String cursor,
      @Nullable @QueryValue Integer limit) {
    RunQuery query = RunQuery.parse(status, tag, createdAfter, createdBefore, cursor, limit);
    return access.inOrg(caller, org, Role.VIEWER, scope -> runs.list(scope, deployment, query));
  }

  @Get("/{id}")
  Run get(UserCaller caller, String org, String deployment, String id) {
    return access.inOrg(caller, org, Role.VIEWER, scope -> runs.get(scope, deployment, id));
  }

  /** Cancels a run (launcher); a running one is terminated by its agent. */
  @Post("/{id}/cancel")
  Run cancel(UserCaller caller, String org, String deployment, String id) {
    return access.inOrg(caller, org, Role.LAUNCHER, scope -> runs.cancel(scope, deployment, id));
  }
}
