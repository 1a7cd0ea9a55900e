package dev.materia.controlplane.agents;

import dev.materia.controlplane.access.AgentCaller;
import dev.materia.controlplane.access.OrgAccess;
import dev.materia.controlplane.access.TokenKind;
import dev.materia.controlplane.api.ApiError;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.auth.RunTokenWindow;
import dev.materia.controlplane.deployments.Deployments;
import dev.materia.controlplane.runs.RunRow;
import dev.materia.controlplane.runs.Runs;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;

/**
 * Tells an agent or run worker what its token is good for, so {@code materia agent} can say at
 * start-up which organization and deployments it serves. A run token is answered only while it
 * works for its run ({@link RunTokenWindow}).
 */
@ApiResponse(
    responseCode = "4XX",
    description = "Refused; the body says why in the one error shape",
    content =
        @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@Controller("/api/agent/v1/identity")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "agent protocol")
final class AgentIdentityController {
  private final OrgAccess access;
  private final Deployments deployments;
  private final Runs runs;
  private final RunTokenWindow runTokenWindow;

  AgentIdentityController(
      OrgAccess access, Deployments deployments, Runs runs, RunTokenWindow runTokenWindow) {
    this.access = access;
    this.deployments = deployments;
    this.runs = runs;
    this.runTokenWindow = runTokenWindow;
  }

  @Get
  Identity identity(AgentCaller caller) {
    return access.inOrg(
        caller,
        scope -> {
          if (caller.kind() == TokenKind.RUN) {
            RunRow run =
                runs.find(scope.orgId(), caller.runId(), false)
                    .filter(r -> caller.mayUse(r.deploymentId()))
                    .orElseThrow(
                        () ->
                            ApiException.forbidden(
                                "run_ended", "run " + caller.runId() + " no longer exists"));
            runTokenWindow.require(caller, run.id(), run.status(), run.finishedAt());
          }
          return new Identity(
              scope.slug(),
              caller.kind(),
              caller.tokenId(),
              deployments.namesOf(scope, caller.deploymentIds()),
              caller.runId());
        });
  }

  /**
   * @param organization the organization's URL name
   * @param deployments the deployments the token may act on
   * @param runId the run a run token is for
   */
  @Serdeable
  record Identity(
      String organization,
      TokenKind kind,
      UUID tokenId,
      List<String> deployments,
      @Nullable UUID runId) {}
}
