package dev.materia.controlplane.assets;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * A deployment's asset graph for the console: every asset and every dependency edge.
 *
 * @param edges {@code from} is read by {@code to}
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AssetGraph(List<Node> nodes, List<Edge> edges) {

  /**
   * @param partitioned whether the asset has a partitions definition
   * @param materializedAt its latest materialization, or null
   * @param status the one word to show ({@link AssetStatus}), as the catalog says it
   * @param stalenessCauses why it is STALE, in words; empty otherwise
   * @param latestRun the newest run whose assets include it, or null when no run has
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Node(
      String key,
      String group,
      String codeLocation,
      List<String> kinds,
      boolean partitioned,
      @Nullable Instant materializedAt,
      AssetStatus status,
      Staleness staleness,
      List<String> stalenessCauses,
      @Nullable Asset.LatestRun latestRun) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Edge(String from, String to) {}
}
