package dev.materia.api.agent;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
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
 * @param stages for a selection spanning code locations: each location's part, in dependency order,
 *     run one after another as this one run (one {@code run_started}, one {@code run_finished});
 *     {@code codeLocation} is then the last stage's. Empty (or absent in JSON) for a run of one
 *     code location, which plans {@code selection} there.
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
    String runToken,
    @Nullable List<RunStage> stages)
    implements WorkItem {
  public static final String TYPE = "launch_run";

  @Creator
  @JsonCreator
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
    stages = Fields.list(stages, "stages");
    if (runToken == null || !runToken.startsWith(AgentProtocol.RUN_TOKEN_PREFIX)) {
      throw new IllegalArgumentException(
          "runToken of run " + runId + " must start with " + AgentProtocol.RUN_TOKEN_PREFIX);
    }
  }

  /** A launch of one code location's selection. */
  public LaunchRun(
      String id,
      String runId,
      String deployment,
      String codeLocation,
      @Nullable String codeLocationVersion,
      String selection,
      @Nullable String partitionKey,
      @Nullable PartitionRange partitionRange,
      Map<String, String> tags,
      String runToken) {
    this(
        id,
        runId,
        deployment,
        codeLocation,
        codeLocationVersion,
        selection,
        partitionKey,
        partitionRange,
        tags,
        runToken,
        List.of());
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
        + (stages.isEmpty() ? "" : ", stages=" + stages)
        + ", runToken=mtr_***]";
  }
}
