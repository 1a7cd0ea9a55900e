package dev.materia.runtime.snapshot;

import dev.materia.api.snapshot.AssetSnapshot;
import dev.materia.api.snapshot.CheckSnapshot;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import dev.materia.api.snapshot.PartitionsSnapshot;
import dev.materia.api.snapshot.ScheduleSnapshot;
import dev.materia.runtime.graph.AssetGraph;
import dev.materia.runtime.graph.AssetNode;
import dev.materia.runtime.graph.CheckNode;
import dev.materia.sdk.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a loaded {@link AssetGraph} into the {@link CodeLocationSnapshot} the agent uploads.
 *
 * <pre>{@code
 * Definitions definitions = location.definitions();
 * AssetGraph graph = DefinitionsLoader.load(definitions);
 * CodeLocationSnapshot snapshot =
 *     CodeLocationSnapshots.of(location.name(), "v3", graph, definitions.schedules());
 * }</pre>
 *
 * <p>Linear in assets plus edges; the snapshot's constructor sorts and hashes.
 */
public final class CodeLocationSnapshots {
  private CodeLocationSnapshots() {}

  /**
   * The snapshot of a graph and its schedules.
   *
   * @param version the code location's version, or null for a local load
   */
  public static CodeLocationSnapshot of(
      String name, String version, AssetGraph graph, List<Schedule> schedules) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(graph, "graph == null");
    Objects.requireNonNull(schedules, "schedules == null");
    List<AssetSnapshot> assets = new ArrayList<>(graph.size());
    for (AssetNode node : graph.assets()) {
      assets.add(asset(node, graph.externalUpstream(node.key())));
    }
    List<CheckSnapshot> checks = new ArrayList<>(graph.checks().size());
    for (CheckNode check : graph.checks()) {
      checks.add(
          new CheckSnapshot(check.assetKey(), check.name(), check.blocking(), check.description()));
    }
    List<ScheduleSnapshot> scheduleSnapshots =
        schedules.stream()
            .map(s -> new ScheduleSnapshot(s.name(), s.cron(), s.selection(), s.timezone()))
            .toList();
    return CodeLocationSnapshot.of(name, version, assets, checks, scheduleSnapshots);
  }

  /**
   * One asset of its own location only; {@code deps} holds loaded inputs and ordering-only deps.
   */
  static AssetSnapshot asset(AssetNode node) {
    return asset(node, List.of());
  }

  /** One asset, marking the upstream keys of other code locations in {@code externalDeps}. */
  static AssetSnapshot asset(AssetNode node, List<String> external) {
    return new AssetSnapshot(
        node.key(),
        node.upstreamKeys(),
        node.group(),
        node.description(),
        node.owners(),
        node.tags(),
        node.kinds(),
        node.codeVersion(),
        node.partitions() == null ? null : PartitionsSnapshot.of(node.partitions()),
        node.ioManager(),
        external);
  }
}
