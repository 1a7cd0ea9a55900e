package dev.materia.controlplane.codelocations;

import dev.materia.api.snapshot.AssetSnapshot;
import dev.materia.api.snapshot.CheckSnapshot;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import dev.materia.api.snapshot.ScheduleSnapshot;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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

  private static <T> List<T> copy(@Nullable List<T> values) {
    return values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
  }
}
