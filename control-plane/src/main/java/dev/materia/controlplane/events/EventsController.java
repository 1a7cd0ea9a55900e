package dev.materia.controlplane.events;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.api.agent.EventBatchAck;
import dev.materia.controlplane.access.AgentCaller;
import dev.materia.controlplane.api.ApiError;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.api.ProtocolVersion;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Event ingestion: a run token (its run only) or an agent token (its deployments' runs). */
@ApiResponse(
    responseCode = "4XX",
    description = "Refused; the body says why in the one error shape",
    content =
        @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "agent protocol")
final class EventsController {
  private final EventIngestion ingestion;
  private final EventBatchReader reader;
  private final BatchRefusals refusals;

  EventsController(EventIngestion ingestion, EventBatchReader reader, BatchRefusals refusals) {
    this.ingestion = ingestion;
    this.reader = reader;
    this.refusals = refusals;
  }

  /** Stores a batch of the run's events; idempotent on (run, seq). */
  // The body is read from its bytes (not bound to a tree), so each event is stored as received.
  @Post(AgentProtocol.EVENTS_PATH)
  @Consumes(MediaType.APPLICATION_JSON)
  EventBatchAck ingest(
      AgentCaller caller,
      @Nullable @Header(AgentProtocol.HEADER) String protocol,
      String runId,
      @Nullable @Body @Schema(implementation = JsonNode.class) String body)
      throws JsonSyntaxException {
    ProtocolVersion.require(protocol);
    try {
      if (body == null || body.isEmpty()) {
        throw ApiException.invalid("events", "the body is required: {runId, events}");
      }
      EventBatchReader.Read read = reader.read(body);
      return ingestion.ingest(caller, runId, read.batch(), read.texts());
    } catch (ApiException e) {
      if (e.status() == 400) {
        refusals.refused(caller, runId, "400 " + e.field() + ": " + e.getMessage());
      }
      throw e;
    } catch (JsonSyntaxException e) {
      refusals.refused(caller, runId, "400 the body is not valid JSON");
      throw e;
    } catch (RuntimeException e) {
      // A failure to store: the agent retries it, so it must not keep the run live forever.
      if (refusals.refused(caller, runId, "500 the control plane failed to store the batch")) {
        throw ApiException.conflict(
            "runId",
            "run "
                + runId
                + " has ended (failed after its event batches kept failing); this batch is not"
                + " stored and should not be sent again");
      }
      throw e;
    }
  }
}
