package dev.materia.agent.run;

import dev.materia.api.agent.LaunchRun;
import dev.materia.api.agent.PartitionRange;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a run worker needs, minus the run token: written as {@code spec.json} in the run's
 * directory for a subprocess worker, whose token arrives in its environment instead.
 *
 * <p>Example: {@code RunSpec.of(launch,
 * List.of("/var/materia/locations/prod/sales/v3/sales.jar"))}.
 *
 * @param workItemId the launch work item, reported in heartbeats
 * @param classpath the code location's jars or class folder
 */
public record RunSpec(
    String runId,
    String workItemId,
    String deployment,
    String codeLocation,
    String codeLocationVersion,
    String selection,
    String partitionKey,
    PartitionRange partitionRange,
    Map<String, String> tags,
    List<String> classpath) {
  public RunSpec {
    Objects.requireNonNull(runId, "runId == null");
    Objects.requireNonNull(workItemId, "workItemId == null");
    Objects.requireNonNull(deployment, "deployment == null");
    Objects.requireNonNull(codeLocation, "codeLocation == null");
    Objects.requireNonNull(selection, "selection == null");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    classpath = classpath == null ? List.of() : List.copyOf(classpath);
  }

  /** The spec of a launch, run against {@code classpath}. */
  public static RunSpec of(LaunchRun launch, List<String> classpath) {
    return new RunSpec(
        launch.runId(),
        launch.id(),
        launch.deployment(),
        launch.codeLocation(),
        launch.codeLocationVersion(),
        launch.selection(),
        launch.partitionKey(),
        launch.partitionRange(),
        launch.tags(),
        classpath);
  }
}
