package dev.materia.api.agent;

import dev.materia.api.ErrorInfo;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One code location as an agent holds it, sent in every heartbeat.
 *
 * <p>Example: {@code new CodeLocationStatus("prod", "sales", "v3", CodeLocationState.LOADED,
 * "sha256:9f2c…", null)}.
 *
 * @param version the version loaded or being loaded
 * @param snapshotHash the content hash of the uploaded snapshot, or null until one is built
 * @param error why loading failed, carrying the runtime's message; null unless {@code FAILED}
 */
@Serdeable
public record CodeLocationStatus(
    String deployment,
    String name,
    String version,
    CodeLocationState state,
    @Nullable String snapshotHash,
    @Nullable ErrorInfo error) {
  public CodeLocationStatus {
    Fields.required(deployment, "deployment");
    Fields.required(name, "name");
    Fields.required(version, "version");
    if (state == null) {
      throw new IllegalArgumentException("state == null for code location " + name);
    }
    if ((state == CodeLocationState.FAILED) != (error != null)) {
      throw new IllegalArgumentException(
          "code location " + name + " is " + state + ": error must be set exactly when FAILED");
    }
  }
}
