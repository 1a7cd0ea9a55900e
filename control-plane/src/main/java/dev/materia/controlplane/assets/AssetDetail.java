package dev.materia.controlplane.assets;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.materia.api.snapshot.PartitionsSnapshot;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One asset with its neighbours and its full partitions definition.
 *
 * @param upstream keys of the assets it reads
 * @param downstream keys of the assets that read it
 * @param partitionsDefinition the snapshot's partitions definition, or null when unpartitioned
 * @param ioManager the resource name of its I/O manager, or null for the default
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AssetDetail(
    Asset asset,
    List<String> upstream,
    List<String> downstream,
    @Nullable PartitionsSnapshot partitionsDefinition,
    @Nullable String ioManager) {}
