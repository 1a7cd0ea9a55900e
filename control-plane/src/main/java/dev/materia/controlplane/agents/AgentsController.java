package dev.materia.controlplane.agents;

import dev.materia.controlplane.access.OrgAccess;
import dev.materia.controlplane.access.Role;
import dev.materia.controlplane.access.UserCaller;
import dev.materia.controlplane.api.ApiError;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** The organization's agents, for the console's Agents page. */
@ApiResponse(
    responseCode = "4XX",
    description = "Refused; the body says why in the one error shape",
    content =
        @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@Controller("/api/v1/orgs/{org}/agents")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "agents")
final class AgentsController {
  private final OrgAccess access;
  private final AgentRegistry registry;

  AgentsController(OrgAccess access, AgentRegistry registry) {
    this.access = access;
    this.registry = registry;
  }

  /** Every agent that sent a heartbeat, most recently seen first. */
  @Get
  List<AgentView> list(UserCaller caller, String org) {
    return access.inOrg(caller, org, Role.VIEWER, registry::list);
  }
}
