package dev.materia.controlplane.assets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.api.snapshot.CodeLocationSnapshot;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import io.micronaut.json.JsonMapper;
import java.net.http.HttpResponse;

/** Code locations and the asset index, made through the real API for isolation tests. */
public final class CatalogFixtures {
  private CatalogFixtures() {}

  /**
   * Puts a row of {@code owner}'s organization in every table of the catalog: registers the code
   * location {@code catalog_seed} in {@code prod} and uploads {@link Snapshots#sales} for it
   * (assets, edges, a check, a schedule) with {@code agentToken}, which must be scoped to {@code
   * prod}.
   */
  public static void seed(RunningControlPlane controlPlane, SignedInUser owner, String agentToken) {
    HttpResponse<String> registered =
        owner
            .session()
            .post(
                "/api/v1/orgs/" + owner.org() + "/deployments/prod/code-locations",
                "{\"name\":\"catalog_seed\",\"artifact\":\"/opt/seed.jar\",\"version\":\"v1\"}");
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    upload(controlPlane, agentToken, Snapshots.sales("catalog_seed", "v1"));
  }

  /** Uploads {@code snapshot} to {@code prod} as the agent holding {@code agentToken} would. */
  public static void upload(
      RunningControlPlane controlPlane, String agentToken, CodeLocationSnapshot snapshot) {
    HttpResponse<String> uploaded =
        controlPlane
            .client()
            .bearer(agentToken)
            .header("Materia-Protocol", "1")
            .send(
                "PUT",
                "/api/agent/v1/code-locations/" + snapshot.name() + "/snapshot?deployment=prod",
                Snapshots.json(controlPlane.context().getBean(JsonMapper.class), snapshot));
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
  }
}
