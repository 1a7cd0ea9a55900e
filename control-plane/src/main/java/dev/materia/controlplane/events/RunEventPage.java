package dev.materia.controlplane.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.materia.api.RunEvent;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * A run's events after a seq, in seq order, up to the highest contiguous seq stored.
 *
 * @param next pass as {@code after} for the following page; equal to {@code after} when none
 * @param contiguousSeq the highest seq such that every event up to it is stored
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunEventPage(List<RunEvent> events, long next, long contiguousSeq) {}
