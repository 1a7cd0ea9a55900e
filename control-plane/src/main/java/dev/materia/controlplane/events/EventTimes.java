package dev.materia.controlplane.events;

import dev.materia.api.RunEvent;
import dev.materia.controlplane.runs.RunClock;
import dev.materia.controlplane.runs.Runs;
import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.beans.BeanProperty;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives each event of a batch the time the server can believe ({@link RunClock}): an event stamped
 * later than the server's clock plus the skew, or before the run's launch minus it, is stored (its
 * text, the step timeline and the asset index alike) with the clamped time, so no agent clock that
 * is off can reorder the index. Events inside that window, nearly always all of them, keep their
 * text as received.
 */
@Singleton
final class EventTimes {
  private final RunClock clock;
  private final JsonMapper json;

  EventTimes(Runs runs, JsonMapper json) {
    this.clock = runs.clock();
    this.json = json;
  }

  /** A batch's events and their texts, as they are to be stored. */
  record Batch(List<RunEvent> events, List<String> texts) {}

  /**
   * {@code events} (read from {@code texts}) of a run launched at {@code createdAt}, each stamped
   * outside the window replaced by a copy with the clamped time and written out again.
   */
  Batch clamp(Instant createdAt, List<RunEvent> events, List<String> texts) {
    Instant now = Instant.now();
    List<RunEvent> clampedEvents = null;
    List<String> clampedTexts = null;
    for (int i = 0; i < events.size(); i++) {
      RunEvent event = events.get(i);
      Instant when = clock.clamp(event.timestamp(), createdAt, now);
      if (when.equals(event.timestamp())) {
        continue;
      }
      if (clampedEvents == null) {
        clampedEvents = new ArrayList<>(events);
        clampedTexts = new ArrayList<>(texts);
      }
      RunEvent clamped = at(event, when);
      clampedEvents.set(i, clamped);
      clampedTexts.set(i, write(clamped));
    }
    return clampedEvents == null
        ? new Batch(events, texts)
        : new Batch(List.copyOf(clampedEvents), List.copyOf(clampedTexts));
  }

  /** A copy of {@code event} stamped {@code when}, through its record's introspection. */
  @SuppressWarnings("unchecked")
  static RunEvent at(RunEvent event, Instant when) {
    BeanIntrospection<RunEvent> introspection =
        BeanIntrospection.getIntrospection((Class<RunEvent>) event.getClass());
    Argument<?>[] parameters = introspection.getConstructorArguments();
    Object[] values = new Object[parameters.length];
    for (int i = 0; i < parameters.length; i++) {
      String name = parameters[i].getName();
      values[i] =
          name.equals("timestamp")
              ? when
              : introspection.getProperty(name).map(p -> get(p, event)).orElse(null);
    }
    return introspection.instantiate(values);
  }

  private static Object get(BeanProperty<RunEvent, Object> property, RunEvent event) {
    return property.get(event);
  }

  private String write(RunEvent event) {
    try {
      return new String(
          json.writeValueAsBytes(Argument.of(RunEvent.class), event), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("writing event " + event.seq() + " failed", e);
    }
  }
}
