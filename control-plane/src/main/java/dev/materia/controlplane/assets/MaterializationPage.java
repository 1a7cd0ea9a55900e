package dev.materia.controlplane.assets;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An asset's materializations, newest first.
 *
 * @param nextCursor pass as {@code cursor} for older ones; null on the last page
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MaterializationPage(List<Asset.Materialization> items, @Nullable String nextCursor) {}
