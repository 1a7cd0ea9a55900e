package dev.materia.api.snapshot;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One asset check of a {@link CodeLocationSnapshot}.
 *
 * <p>Example: {@code new CheckSnapshot("customer_features", "no_nulls", true, "scores are set")}.
 *
 * @param assetKey the checked asset
 * @param name unique per asset
 * @param blocking whether a failure skips the asset's downstream steps
 * @param description free text; empty when none
 */
@Serdeable
public record CheckSnapshot(String assetKey, String name, boolean blocking, String description) {
  public CheckSnapshot {
    Checks.assetKey(assetKey, "checked asset");
    Checks.required(name, "check name on " + assetKey);
    description = description == null ? "" : description;
  }

  /** The check's step key, {@code asset:name}, unique in a code location. */
  public String stepKey() {
    return assetKey + ":" + name;
  }
}
