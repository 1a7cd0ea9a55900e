package dev.materia.controlplane.events;

import static dev.materia.controlplane.runs.RunFixtures.agent;
import static dev.materia.controlplane.runs.RunFixtures.batch;
import static dev.materia.controlplane.runs.RunFixtures.runStarted;
import static dev.materia.controlplane.runs.RunFixtures.runs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.controlplane.runs.RunFixtures;
import dev.materia.controlplane.runs.RunFixtures.ClaimedRun;
import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A run whose event batches keep being refused ends FAILURE with a message naming the cause. */
class BatchRefusalsTest {
  @RegisterExtension
  static final RunningControlPlane controlPlane =
      new RunningControlPlane(
          Map.of("materia.runs.max-refusals", "3", "materia.runs.refusal-timeout", "10m"));

  private static SignedInUser owner;
  private static String agentToken;

  @BeforeAll
  static void organization() {
    owner = new Tenants(controlPlane).signUp("Refusals");
    agentToken = RunFixtures.prepare(controlPlane, owner, "prod");
  }

  private static ClaimedRun started() {
    return RunFixtures.started(controlPlane, owner, agentToken);
  }

  private static String tooLongStep(long seq) {
    return ("{\"type\":\"step_succeeded\",\"seq\":%d,\"timestamp\":\"%s\",\"stepKey\":\"%s\","
            + "\"attempt\":1,\"durationMillis\":1}")
        .formatted(seq, Instant.now(), "s".repeat(5_000));
  }

  @Test
  void aRunWhoseBatchesKeepBeingRefusedEndsFailedNamingTheFirstRefusal() {
    ClaimedRun run = started();
    var client = agent(controlPlane, run.token());
    assertThat(
            client
                .post(AgentProtocol.eventsPath(run.id()), batch(run.id(), runStarted(1)))
                .statusCode())
        .isEqualTo(200);

    for (int attempt = 0; attempt < 3; attempt++) {
      HttpResponse<String> refused =
          client.post(AgentProtocol.eventsPath(run.id()), batch(run.id(), tooLongStep(2)));
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    }

    HttpResponse<String> got = owner.session().get(runs(owner, "prod") + "/" + run.id());
    assertThat(Json.string(got, "status")).isEqualTo("FAILURE");
    assertThat(got.body()).contains("refused 3 event batches", "events[0].stepKey");
  }

  @Test
  void oneRefusedBatchLeavesTheRunLive() {
    ClaimedRun run = started();
    var client = agent(controlPlane, run.token());
    client.post(AgentProtocol.eventsPath(run.id()), batch(run.id(), runStarted(1)));

    client.post(AgentProtocol.eventsPath(run.id()), batch(run.id(), tooLongStep(2)));

    HttpResponse<String> got = owner.session().get(runs(owner, "prod") + "/" + run.id());
    assertThat(Json.string(got, "status")).isEqualTo("STARTED");
  }
}
