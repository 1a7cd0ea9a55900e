package dev.materia.controlplane.deployments;

import dev.materia.controlplane.access.OrgAccess;
import dev.materia.controlplane.access.Role;
import dev.materia.controlplane.access.UserCaller;
import dev.materia.controlplane.api.ApiError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** An organization's deployments: everyone lists them, admins create and delete. */
@ApiResponse(
    responseCode = "4XX",
    description = "Refused; the body says why in the one error shape",
    content =
        @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@Controller("/api/v1/orgs/{org}/deployments")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "deployments")
final class DeploymentsController {
  private final OrgAccess access;
  private final Deployments deployments;

  DeploymentsController(OrgAccess access, Deployments deployments) {
    this.access = access;
    this.deployments = deployments;
  }

  /** Every deployment of the organization, by name. */
  @Get
  List<Deployment> list(UserCaller caller, String org) {
    return access.inOrg(caller, org, Role.VIEWER, deployments::list);
  }

  /** Creates a deployment (admin). */
  @Post
  @Status(HttpStatus.CREATED)
  Deployment create(UserCaller caller, String org, @Body CreateDeployment request) {
    return access.inOrg(
        caller, org, Role.ADMIN, scope -> deployments.create(scope, request.name()));
  }

  /** Deletes a deployment other than {@code prod} (admin). */
  @Delete("/{deployment}")
  HttpResponse<Void> delete(UserCaller caller, String org, String deployment) {
    access.inOrg(
        caller,
        org,
        Role.ADMIN,
        scope -> {
          deployments.delete(scope, deployment);
          return null;
        });
    return HttpResponse.noContent();
  }

  /**
   * @param name 1 to 63 lower-case letters, digits and dashes
   */
  @Serdeable
  record CreateDeployment(@Nullable String name) {}
}
