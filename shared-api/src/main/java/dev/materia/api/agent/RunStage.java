package dev.materia.api.agent;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One code location's part of a run whose selection spans several code locations of a deployment:
 * the agent loads the location and materializes these assets, after the stages before it.
 *
 * <p>Example: {@code new RunStage("alpha", null, List.of("a/y"))}.
 *
 * @param codeLocation the code location defining {@code assetKeys}
 * @param codeLocationVersion the version the run was created against, or null for whichever the
 *     agent holds
 * @param assetKeys the selected assets of that location, which the stage runs (with their checks)
 */
@Serdeable
public record RunStage(
    String codeLocation, @Nullable String codeLocationVersion, List<String> assetKeys) {
  public RunStage {
    Fields.required(codeLocation, "codeLocation");
    assetKeys = Fields.list(assetKeys, "assetKeys");
    if (assetKeys.isEmpty()) {
      throw new IllegalArgumentException(
          "the stage of code location " + codeLocation + " has no assetKeys");
    }
  }

  /** The stage's selection text: its keys joined by commas (a union of keys). */
  public String selection() {
    return String.join(",", assetKeys);
  }
}
