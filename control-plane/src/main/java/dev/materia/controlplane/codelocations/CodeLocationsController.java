package dev.materia.controlplane.codelocations;

import dev.materia.controlplane.access.OrgAccess;
import dev.materia.controlplane.access.Role;
import dev.materia.controlplane.access.UserCaller;
import dev.materia.controlplane.api.ApiError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** A deployment's code locations: CI registers versions (editor), everyone reads their status. */
@ApiResponse(
    responseCode = "4XX",
    description = "Refused; the body says why in the one error shape",
    content =
        @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@Controller("/api/v1/orgs/{org}/deployments/{deployment}/code-locations")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "code locations")
final class CodeLocationsController {
  private final OrgAccess access;
  private final CodeLocations locations;

  CodeLocationsController(OrgAccess access, CodeLocations locations) {
    this.access = access;
    this.locations = locations;
  }

  /**
   * Registers a code location or a new version of it (editor) and asks the deployment's agents to
   * load it: 201 when new, 200 when updated or unchanged.
   */
  @Post
  HttpResponse<CodeLocation> register(
      UserCaller caller, String org, String deployment, @Body RegisterCodeLocation request) {
    CodeLocations.Registration registration =
        access.inOrg(
            caller,
            org,
            Role.EDITOR,
            scope ->
                locations.register(
                    scope, deployment, request.name(), request.artifact(), request.version()));
    return HttpResponse.<CodeLocation>status(
            registration.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(registration.location());
  }

  /** Every code location of the deployment, with status, version and load error. */
  @Get
  List<CodeLocation> list(UserCaller caller, String org, String deployment) {
    return access.inOrg(caller, org, Role.VIEWER, scope -> locations.list(scope, deployment));
  }

  /** One code location. */
  @Get("/{name}")
  CodeLocation get(UserCaller caller, String org, String deployment, String name) {
    return access.inOrg(caller, org, Role.VIEWER, scope -> locations.get(scope, deployment, name));
  }

  /**
   * @param name the code location's name: letters, digits, '_', '.' and '-', up to 100
   * @param artifact where agents find the code: a jar or directory of jars on the agent's file
   *     system, or a {@code file:} URI
   * @param version the version CI built, such as a date and commit
   */
  @Serdeable
  record RegisterCodeLocation(
      @Nullable String name, @Nullable String artifact, @Nullable String version) {}
}
