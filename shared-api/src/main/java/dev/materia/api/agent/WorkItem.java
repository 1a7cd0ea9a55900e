package dev.materia.api.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One unit of work the control plane hands an agent through the long poll.
 *
 * <p>The server claims an item for the agent with a lease; the agent reports what it holds in its
 * heartbeats and can give an item back with {@link AgentHeartbeat#releasedWorkItems()}. On the wire
 * the {@code "type"} property names the record:
 *
 * <pre>{@code
 * {"type":"terminate_run","id":"w-9","runId":"r-1","reason":"canceled by ada@example.com"}
 * }</pre>
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = LoadCodeLocation.class, name = LoadCodeLocation.TYPE),
  @JsonSubTypes.Type(value = LaunchRun.class, name = LaunchRun.TYPE),
  @JsonSubTypes.Type(value = TerminateRun.class, name = TerminateRun.TYPE),
  @JsonSubTypes.Type(value = EvaluateSensor.class, name = EvaluateSensor.TYPE)
})
public sealed interface WorkItem permits LoadCodeLocation, LaunchRun, TerminateRun, EvaluateSensor {
  /** The work item's id, unique per control plane; names the lease. */
  String id();
}
