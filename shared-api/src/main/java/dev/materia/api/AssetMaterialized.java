package dev.materia.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;

/**
 * An asset materialization: a step stored a new value of an asset (the value itself stays with the
 * customer; this event carries metadata only).
 *
 * <p>{@code codeVersion} and {@code inputDataVersions} are the staleness inputs: an asset is stale
 * when its code version changed or an input's current data version differs from the one recorded
 * here.
 *
 * <p>Example: {@code new AssetMaterialized("r-1", 3, now, "cleaned_orders", "cleaned_orders", null,
 * "9f2c…", "v2", Map.of("raw_orders", "41ab…"), Map.of("row_count", 3, "duration_ms", 4))}.
 *
 * @param partitionKey the partition written, or null when the asset is unpartitioned
 * @param dataVersion identifies this value; equal versions mean equal data
 * @param codeVersion {@code @Asset(codeVersion)}, or null when the asset declares none
 * @param inputDataVersions data version of every upstream input read, by asset key (with {@code
 *     [partition]} appended for partitioned inputs)
 * @param metadata JSON-friendly values: strings, numbers, booleans, lists and maps of those; the
 *     runtime adds {@code row_count} for collections and {@code duration_ms}
 */
@Serdeable
public record AssetMaterialized(
    String runId,
    long seq,
    Instant timestamp,
    String stepKey,
    String assetKey,
    @Nullable String partitionKey,
    String dataVersion,
    @Nullable String codeVersion,
    Map<String, String> inputDataVersions,
    Map<String, Object> metadata)
    implements RunEvent {
  public static final String TYPE = "asset_materialized";

  public AssetMaterialized {
    EventFields.checkCommon(runId, seq, timestamp);
    EventFields.required(stepKey, "stepKey");
    EventFields.required(assetKey, "assetKey");
    EventFields.required(dataVersion, "dataVersion");
    inputDataVersions = inputDataVersions == null ? Map.of() : Map.copyOf(inputDataVersions);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
