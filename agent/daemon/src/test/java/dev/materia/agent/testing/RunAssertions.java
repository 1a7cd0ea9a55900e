package dev.materia.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.RunEvent;
import dev.materia.api.RunFinished;
import dev.materia.api.RunStarted;
import dev.materia.api.RunStatus;
import java.util.List;
import java.util.stream.LongStream;

/** What every whole run's events look like, wherever they were read. */
public final class RunAssertions {
  private RunAssertions() {}

  /**
   * Seqs 1..n without gap or repeat, RunStarted first, exactly one RunFinished, last, with {@code
   * status}.
   */
  public static void assertWholeRun(List<RunEvent> events, RunStatus status) {
    assertThat(events)
        .extracting(RunEvent::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
    assertThat(events.getFirst()).isInstanceOf(RunStarted.class);
    assertThat(events.getLast())
        .isInstanceOfSatisfying(RunFinished.class, f -> assertThat(f.status()).isEqualTo(status));
    assertThat(events).filteredOn(RunFinished.class::isInstance).hasSize(1);
  }
}
