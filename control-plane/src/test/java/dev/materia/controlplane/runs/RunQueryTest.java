package dev.materia.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.materia.api.RunStatus;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.api.Cursors;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunQueryTest {
  @Test
  void noParametersAskForEveryRunFiftyAtATime() {
    RunQuery query = RunQuery.parse(null, null, null, null, null, null);

    assertThat(query.statuses()).isEmpty();
    assertThat(query.tag()).isNull();
    assertThat(query.beforeAt()).isNull();
    assertThat(query.limit()).isEqualTo(50);
  }

  @Test
  void statusesTagTimesAndTheCursorAreRead() {
    UUID last = UUID.randomUUID();
    Instant at = Instant.parse("2026-11-21T10:00:00Z");

    RunQuery query =
        RunQuery.parse(
            "success, failure",
            "trigger=ci",
            "2026-11-01T00:00:00Z",
            null,
            Cursors.encode(at + "/" + last),
            200);

    assertThat(query.statuses()).containsExactlyInAnyOrder(RunStatus.SUCCESS, RunStatus.FAILURE);
    assertThat(query.tag()).isEqualTo(Map.of("trigger", "ci"));
    assertThat(query.createdAfter()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(query.beforeAt()).isEqualTo(at);
    assertThat(query.beforeId()).isEqualTo(last);
  }

  @Test
  void eachMalformedParameterIsRefusedByName() {
    assertThat(field(() -> RunQuery.parse("DONE", null, null, null, null, null)))
        .isEqualTo("status");
    assertThat(field(() -> RunQuery.parse(null, "ci", null, null, null, null))).isEqualTo("tag");
    assertThat(field(() -> RunQuery.parse(null, null, "yesterday", null, null, null)))
        .isEqualTo("createdAfter");
    assertThat(field(() -> RunQuery.parse(null, null, null, "1", null, null)))
        .isEqualTo("createdBefore");
    assertThat(field(() -> RunQuery.parse(null, null, null, null, null, 201))).isEqualTo("limit");
    assertThat(field(() -> RunQuery.parse(null, null, null, null, Cursors.encode("x"), null)))
        .isEqualTo("cursor");
  }

  private static String field(Runnable parse) {
    return catchThrowableOfType(ApiException.class, parse::run).field();
  }
}
