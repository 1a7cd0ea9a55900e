package dev.materia.controlplane.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One page of runs, newest first.
 *
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunPage(List<Run> runs, @Nullable String nextCursor) {}
