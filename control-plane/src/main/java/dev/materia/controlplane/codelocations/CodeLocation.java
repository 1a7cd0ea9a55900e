package dev.materia.controlplane.codelocations;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A code location of a deployment as the API shows it: what CI registered, where the agents' load
 * stands, and the snapshot the catalog is built from.
 *
 * @param version the version CI registered last
 * @param status where {@code version} stands: {@code LOADED} only once its snapshot is stored
 * @param servingVersion the version of the stored snapshot, which the catalog and launches use;
 *     null before the first snapshot. It stays the previous version while {@code version} is
 *     pending or failed
 * @param failedVersion {@code version} when it failed (to load, or its snapshot was refused), else
 *     null
 * @param loadError why {@code failedVersion} failed; set exactly when {@code FAILED}. A refused
 *     snapshot has {@code className} {@code SnapshotRefused} and the refusal's message
 * @param snapshot the latest stored snapshot, or null before the first upload
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CodeLocation(
    String name,
    String deployment,
    String artifact,
    String version,
    LoadStatus status,
    @Nullable String servingVersion,
    @Nullable String failedVersion,
    @Nullable LoadError loadError,
    @Nullable SnapshotInfo snapshot,
    Instant createdAt,
    Instant updatedAt) {

  /**
   * @param className the exception the agent's runtime raised, or {@code SnapshotRefused}
   * @param message the runtime's message, which names the method and the fix, or the refusal's
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record LoadError(String className, String message) {}

  /**
   * @param contentHash {@code sha256:…} over the definitions
   * @param version the code location version the snapshot was built from, or null
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record SnapshotInfo(
      String contentHash,
      @Nullable String version,
      Instant uploadedAt,
      int assetCount,
      int checkCount) {}
}
