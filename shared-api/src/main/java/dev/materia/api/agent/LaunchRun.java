package dev.materia.api.agent;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/**
 * Start a run: plan the selection in the code location and execute it, shipping events with the run
 * token.
 *
 * <p>Example: {@code new LaunchRun("w-2", "r-1", "prod", "sales", "2024.06.01-3f2a",
 * "*sales_summary", "2024-01-01", null, Map.of("trigger", "ci"), "mtr_…")}.
 *
 * @param runId the run's id, used in event routes
 * @param deployment the deployment the run belongs to
 * @param codeLocation the code location holding the selected assets
 * @param codeLocationVersion the location version the run was created against, or null for
 *     whichever the agent holds
 * @param selection selection text: {@code key}, {@code +key}, {@code key*}, {@code group:g}, …
 * @param partitionKey the one partition to run, or null
 * @param partitionRange a range of partitions to run, or null; never set with {@code partitionKey}
 * @param tags free-form labels the run was created with
 * @param runToken the short-lived {@code mtr_} token valid for this run only; {@link #toString()}
 *     hides it
 */
@Serdeable
public record LaunchRun(
    String id,
    String runId,
    String deployment,
    String codeLocation,
    @Nullable String codeLocationVersion,
    String selection,
    @Nullable String partitionKey,
    @Nullable PartitionRange partitionRange,
    Map<String, String> tags,
    String runToken)
    implements WorkItem {
  public static final String TYPE = "launch_run";

  public LaunchRun {
    Fields.required(id, "id");
    Fields.required(runId, "runId");
    Fields.required(deployment, "deployment");
    Fields.required(codeLocation, "codeLocation");
    Fields.required(selection, "selection");
    if (partitionKey != null && partitionRange != null) {
      throw new IllegalArgumentException(
          "run "
              + runId
              + " has both partitionKey "
              + partitionKey
              + " and partitionRange "
              + partitionRange
              + ": set one");
    }
    tags = Fields.map(tags);
    if (runToken == null || !runToken.startsWith(AgentProtocol.RUN_TOKEN_PREFIX)) {
      throw new IllegalArgumentException(
          "runToken of run " + runId + " must start with " + AgentProtocol.RUN_TOKEN_PREFIX);
    }
  }

  /** Shows every field but the run token, so logs never hold a credential. */
  @Override
  public String toString() {
    return "LaunchRun[id="
        + id
        + ", runId="
        + runId
        + ", deployment="
        + deployment
        + ", codeLocation="
        + codeLocation
        + ", codeLocationVersion="
        + codeLocationVersion
        + ", selection="
        + selection
        + ", partitionKey="
        + partitionKey
        + ", partitionRange="
        + partitionRange
        + ", tags="
        + tags
        + ", runToken=mtr_***]";
  }
}
