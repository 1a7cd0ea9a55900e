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
 * @param loadError why the agent could not load {@code version}; set exactly when {@code FAILED}
 * @param snapshot the latest uploaded snapshot, or null before the first upload
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CodeLocation(
    String name,
    String deployment,
    String artifact,
    String version,
    LoadStatus status,
    @Nullable LoadError loadError,
    @Nullable SnapshotInfo snapshot,
    Instant createdAt,
    Instant updatedAt) {

  /**
   * @param className the exception the agent's runtime raised
   * @param message the runtime's message, which names the method and the fix
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
