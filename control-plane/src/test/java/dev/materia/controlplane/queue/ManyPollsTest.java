package dev.materia.controlplane.queue;

import static dev.materia.controlplane.runs.RunFixtures.launch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.controlplane.testing.Await;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A thousand held polls cost no thread and no connection each, and one launch wakes one of them:
 * one claim, not a thousand.
 */
class ManyPollsTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  @Test
  void aThousandPollsAreHeldWithoutAThreadOrConnectionEachAndALaunchReachesOne() throws Exception {
    Tenants tenants = new Tenants(controlPlane);
    SignedInUser owner = tenants.signUp("Crowd");
    dev.materia.controlplane.runs.RunFixtures.prepare(controlPlane, owner, "prod");
    String token = tenants.agentToken(owner, "prod");
    LongPolls polls = controlPlane.context().getBean(LongPolls.class);
    HttpClient http = HttpClient.newHttpClient();
    // The longest wait the server holds, so no poll's wait ends (54 s at the earliest: up to a
    // tenth early) before the launch below is answered, though the burst may take 30 s to be held
    // (5 s on a machine loaded with three busy loops; 20 s polls began to answer empty at 18 s).
    HttpRequest poll =
        HttpRequest.newBuilder(controlPlane.uri(AgentProtocol.WORK_PATH + "?wait=60s"))
            .header("Authorization", "Bearer " + token)
            .header(AgentProtocol.HEADER, AgentProtocol.VERSION)
            .build();
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      held.add(http.sendAsync(poll, HttpResponse.BodyHandlers.ofString()));
    }
    Await.await(Duration.ofSeconds(30), () -> polls.waiting() == 1_000);
    long claimsBefore = polls.claims();

    long threadsInPolls = threadsIn("dev.materia.controlplane.queue.");
    long connections = applicationConnections();
    String runId = launch(owner, "prod", "sales/raw_orders");
    CompletableFuture.anyOf(held.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

    // A thread per held poll would leave 1,000 threads inside the queue's code. (Counting all
    // threads measured the blocking pool that authenticated the burst, whose idle threads depend
    // on how busy the machine is.)
    assertThat(threadsInPolls)
        .as("threads inside the queue's code while 1,000 polls are held")
        .isLessThan(20);
    assertThat(connections).as("database connections of the application").isLessThan(30);
    long winners =
        held.stream()
            .filter(CompletableFuture::isDone)
            .map(CompletableFuture::join)
            .filter(r -> r.body().contains(runId))
            .count();
    assertThat(winners).isEqualTo(1);
    assertThat(polls.claims() - claimsBefore)
        .as("claims run for one launch while 1,000 polls wait")
        .isLessThan(10);
    held.forEach(f -> f.cancel(true));
  }

  private static long applicationConnections() throws Exception {
    try (var c = controlPlane.database().connect();
        var rs =
            c.createStatement()
                .executeQuery(
                    "select count(*) from pg_stat_activity where usename = 'materia_app'"
                        + " and datname = current_database()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Live threads with a frame of a class whose name starts with {@code prefix}. */
  private static long threadsIn(String prefix) {
    return Thread.getAllStackTraces().values().stream()
        .filter(
            stack ->
                java.util.Arrays.stream(stack).anyMatch(f -> f.getClassName().startsWith(prefix)))
        .count();
  }
}
