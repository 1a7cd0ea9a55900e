package dev.materia.controlplane.codelocations;

import dev.materia.api.snapshot.AssetSnapshot;
import dev.materia.api.snapshot.CheckSnapshot;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import dev.materia.api.snapshot.PartitionsSnapshot;
import dev.materia.api.snapshot.ScheduleSnapshot;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A {@link CodeLocationSnapshot} as the agent sent it, before the shared-api record sorts and
 * checks it, so {@link SnapshotValidator} can name entries by their position in the body ({@code
 * assets[3].deps}).
 *
 * <p>Example: {@code SnapshotUpload.of(snapshot).toSnapshot()} is {@code snapshot} again.
 *
 * @param contentHash the hash the agent computed, or null
 */
@Serdeable
public record SnapshotUpload(
    @Nullable String name,
    @Nullable String version,
    @Nullable List<AssetSnapshot> assets,
    @Nullable List<CheckSnapshot> checks,
    @Nullable List<ScheduleSnapshot> schedules,
    @Nullable String contentHash) {

  public SnapshotUpload {
    // Nulls inside the lists are kept, so the validator can name the entry.
    assets = copy(assets);
    checks = copy(checks);
    schedules = copy(schedules);
  }

  /** The upload of an already built snapshot. */
  public static SnapshotUpload of(CodeLocationSnapshot snapshot) {
    return new SnapshotUpload(
        snapshot.name(),
        snapshot.version(),
        snapshot.assets(),
        snapshot.checks(),
        snapshot.schedules(),
        snapshot.contentHash());
  }

  /**
   * The snapshot in its normal form.
   *
   * @throws IllegalArgumentException when the shared-api record refuses it, e.g. a content hash
   *     that does not match the content
   */
  public CodeLocationSnapshot toSnapshot() {
    return new CodeLocationSnapshot(name, version, assets, checks, schedules, contentHash);
  }

  /**
   * Where in {@code body} the entry sits that a shared-api record refused with {@code refusal}
   * while the body was read, e.g. {@code assets[3].deps}; {@code fallback} when it cannot tell.
   * Only called on that error path, so reading the body a second time costs nothing otherwise.
   */
  static String fieldOf(JsonMapper json, byte[] body, String refusal, String fallback) {
    JsonNode tree;
    try {
      tree = json.readValue(body, JsonNode.class);
    } catch (IOException | RuntimeException e) {
      return fallback;
    }
    if (tree == null || !tree.isObject()) {
      return fallback;
    }
    for (Map.Entry<String, Class<?>> list :
        List.<Map.Entry<String, Class<?>>>of(
            Map.entry("assets", AssetSnapshot.class),
            Map.entry("checks", CheckSnapshot.class),
            Map.entry("schedules", ScheduleSnapshot.class))) {
      JsonNode values = tree.get(list.getKey());
      if (values == null || !values.isArray()) {
        continue;
      }
      for (int i = 0; i < values.size(); i++) {
        JsonNode value = values.get(i);
        if (value.isNull() || reads(json, value, list.getValue())) {
          continue;
        }
        String at = list.getKey() + "[" + i + "]";
        JsonNode partitions = value.isObject() ? value.get("partitions") : null;
        if (partitions != null
            && !partitions.isNull()
            && !reads(json, partitions, PartitionsSnapshot.class)) {
          return at + ".partitions";
        }
        return at + property(refusal);
      }
    }
    return fallback;
  }

  private static boolean reads(JsonMapper json, JsonNode value, Class<?> type) {
    try {
      json.readValueFromTree(value, Argument.of(type));
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The property a record's refusal is about, from the words its checks use. */
  private static String property(String refusal) {
    if (refusal.startsWith("asset key") || refusal.startsWith("checked asset")) {
      return refusal.startsWith("asset key") ? ".key" : ".assetKey";
    }
    if (refusal.startsWith("dependency of") || refusal.contains("depends on itself")) {
      return ".deps";
    }
    for (String property : List.of("cron", "selection", "timezone", "owners", "tags", "kinds")) {
      if (refusal.startsWith(property + " of")) {
        return "." + property;
      }
    }
    if (refusal.startsWith("check name") || refusal.startsWith("schedule name")) {
      return ".name";
    }
    return "";
  }

  private static <T> List<T> copy(@Nullable List<T> values) {
    return values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
  }
}
