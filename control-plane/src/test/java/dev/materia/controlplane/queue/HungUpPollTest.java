package dev.materia.controlplane.queue;

import static dev.materia.controlplane.runs.RunFixtures.launch;
import static dev.materia.controlplane.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.controlplane.runs.RunFixtures;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent that hangs up during its long poll gets no work claimed for it: the work goes to the
 * next agent at once instead of waiting out the lease (60 s here, longer than the polls wait).
 */
class HungUpPollTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  @Test
  void aLaunchAfterAnAgentHungUpOnItsPollGoesToTheNextAgent() throws Exception {
    Tenants tenants = new Tenants(controlPlane);
    SignedInUser owner = tenants.signUp("Hang-ups");
    RunFixtures.prepare(controlPlane, owner, "prod");
    String gone = tenants.agentToken(owner, "prod");
    String next = tenants.agentToken(owner, "prod");
    LongPolls polls = controlPlane.context().getBean(LongPolls.class);
    URI base = controlPlane.baseUri();

    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET "
                  + AgentProtocol.WORK_PATH
                  + "?wait=50s HTTP/1.1\r\n"
                  + "Host: "
                  + base.getHost()
                  + "\r\n"
                  + "Authorization: Bearer "
                  + gone
                  + "\r\n"
                  + AgentProtocol.HEADER
                  + ": "
                  + AgentProtocol.VERSION
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      await(() -> polls.held() == 1);
    } // the agent hangs up, as OkHttp does when its call is cancelled
    await(() -> polls.held() == 0);

    CompletableFuture<HttpResponse<String>> nextPoll =
        HttpClient.newHttpClient()
            .sendAsync(
                HttpRequest.newBuilder(controlPlane.uri(AgentProtocol.WORK_PATH + "?wait=30s"))
                    .header("Authorization", "Bearer " + next)
                    .header(AgentProtocol.HEADER, AgentProtocol.VERSION)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    await(() -> polls.held() == 1);
    String runId = launch(owner, "prod", "sales/raw_orders");

    // Had the launch gone to the hung-up poll, this poll would end empty after its 30 s.
    HttpResponse<String> work = nextPoll.get(40, TimeUnit.SECONDS);
    assertThat(work.statusCode()).as(work.body()).isEqualTo(200);
    assertThat(work.body()).contains(runId);
  }
}
