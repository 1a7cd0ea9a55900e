package dev.materia.controlplane.agents;

import dev.materia.api.agent.AgentHeartbeat;
import dev.materia.api.agent.AgentProtocol;
import dev.materia.controlplane.access.AgentCaller;
import dev.materia.controlplane.api.ApiError;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.api.ProtocolVersion;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Agent heartbeats: the registry, leases of held work, released work. */
@ApiResponse(
    responseCode = "4XX",
    description = "Refused; the body says why in the one error shape",
    content =
        @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@Controller(AgentProtocol.HEARTBEAT_PATH)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "agent protocol")
final class HeartbeatController {
  private final AgentRegistry registry;

  HeartbeatController(AgentRegistry registry) {
    this.registry = registry;
  }

  @Post
  HttpResponse<Void> heartbeat(
      AgentCaller caller,
      @Nullable @Header(AgentProtocol.HEADER) String protocol,
      @Nullable @Body AgentHeartbeat heartbeat) {
    ProtocolVersion.require(protocol);
    if (heartbeat == null) {
      throw ApiException.invalid("agentId", "the body is required: an AgentHeartbeat");
    }
    registry.heartbeat(caller, heartbeat);
    return HttpResponse.noContent();
  }
}
