package dev.materia.agent.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.materia.api.agent.LaunchRun;
import dev.materia.api.agent.PartitionRange;
import dev.materia.api.agent.RunStage;
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
 * @param stages for a run across code locations, each location's part in order, with its own
 *     classpath; empty for a run of one code location
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
    List<String> classpath,
    List<Stage> stages) {
  /**
   * One code location's part of a run across code locations.
   *
   * @param selection the stage's assets, as a selection (keys joined by commas)
   * @param classpath that location's jars or class folder
   */
  public record Stage(
      String codeLocation, String codeLocationVersion, String selection, List<String> classpath) {
    public Stage {
      Objects.requireNonNull(codeLocation, "codeLocation == null");
      Objects.requireNonNull(selection, "selection == null");
      classpath = classpath == null ? List.of() : List.copyOf(classpath);
    }
  }

  @JsonCreator
  public RunSpec {
    Objects.requireNonNull(runId, "runId == null");
    Objects.requireNonNull(workItemId, "workItemId == null");
    Objects.requireNonNull(deployment, "deployment == null");
    Objects.requireNonNull(codeLocation, "codeLocation == null");
    Objects.requireNonNull(selection, "selection == null");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    classpath = classpath == null ? List.of() : List.copyOf(classpath);
    stages = stages == null ? List.of() : List.copyOf(stages);
  }

  /** Whether the run spans code locations, run stage by stage. */
  public boolean staged() {
    return !stages.isEmpty();
  }

  /**
   * The spec of a launch across code locations: {@code classpaths} holds each stage's classpath, in
   * the order of {@link LaunchRun#stages()}.
   */
  public static RunSpec staged(LaunchRun launch, List<List<String>> classpaths) {
    if (classpaths.size() != launch.stages().size()) {
      throw new IllegalArgumentException(
          "run "
              + launch.runId()
              + " has "
              + launch.stages().size()
              + " stages but "
              + classpaths.size()
              + " classpaths");
    }
    List<Stage> stages = new java.util.ArrayList<>();
    for (int i = 0; i < classpaths.size(); i++) {
      RunStage stage = launch.stages().get(i);
      stages.add(
          new Stage(
              stage.codeLocation(),
              stage.codeLocationVersion(),
              stage.selection(),
              classpaths.get(i)));
    }
    return of(launch, classpaths.getLast(), stages);
  }

  /** The spec of a launch, run against {@code classpath}. */
  public static RunSpec of(LaunchRun launch, List<String> classpath) {
    return of(launch, classpath, List.of());
  }

  private static RunSpec of(LaunchRun launch, List<String> classpath, List<Stage> stages) {
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
        classpath,
        stages);
  }
}
