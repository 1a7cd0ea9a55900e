package dev.materia.controlplane.assets;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether an asset's stored value is up to date with its definition and its upstream assets.
 *
 * <ul>
 *   <li>{@code MISSING}: never materialized;
 *   <li>{@code STALE}: an upstream asset was materialized after it, or its code version changed
 *       since its latest materialization;
 *   <li>{@code UP_TO_DATE}: otherwise.
 * </ul>
 */
@Serdeable
public enum Staleness {
  UP_TO_DATE,
  STALE,
  MISSING;

  /**
   * @param materializedAt the asset's latest materialization, or null
   * @param materializedCodeVersion the code version that materialization ran, or null
   * @param codeVersion the code version the current snapshot declares, or null
   * @param newestUpstream the latest materialization of any direct upstream asset, or null
   */
  public static Staleness of(
      @Nullable Instant materializedAt,
      @Nullable String materializedCodeVersion,
      @Nullable String codeVersion,
      @Nullable Instant newestUpstream) {
    if (materializedAt == null) {
      return MISSING;
    }
    if (newestUpstream != null && newestUpstream.isAfter(materializedAt)) {
      return STALE;
    }
    if (codeVersion != null
        && materializedCodeVersion != null
        && !Objects.equals(codeVersion, materializedCodeVersion)) {
      return STALE;
    }
    return UP_TO_DATE;
  }
}
