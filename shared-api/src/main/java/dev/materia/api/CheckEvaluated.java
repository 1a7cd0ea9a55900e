package dev.materia.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;

/**
 * An asset check ran and passed or failed.
 *
 * <p>Example: {@code new CheckEvaluated("r-1", 8, now, "customer_features:no_nulls",
 * "customer_features", "no_nulls", null, false, CheckSeverity.ERROR, true, "2 null scores",
 * Map.of("null_count", 2))}.
 *
 * @param checkName the check's name, unique per asset
 * @param passed whether the data met the check
 * @param severity how bad a failure is
 * @param blocking whether a failure stops the steps downstream of the asset
 * @param description why it failed (or a note when it passed); empty when none
 * @param metadata JSON-friendly values as in {@link AssetMaterialized#metadata()}
 */
@Serdeable
public record CheckEvaluated(
    String runId,
    long seq,
    Instant timestamp,
    String stepKey,
    String assetKey,
    String checkName,
    @Nullable String partitionKey,
    boolean passed,
    CheckSeverity severity,
    boolean blocking,
    String description,
    Map<String, Object> metadata)
    implements RunEvent {
  public static final String TYPE = "check_evaluated";

  public CheckEvaluated {
    EventFields.checkCommon(runId, seq, timestamp);
    EventFields.required(stepKey, "stepKey");
    EventFields.required(assetKey, "assetKey");
    EventFields.required(checkName, "checkName");
    if (severity == null) {
      throw new IllegalArgumentException("severity == null for check " + checkName);
    }
    description = description == null ? "" : description;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
