package dev.materia.controlplane.testing;

import io.micronaut.json.tree.JsonNode;
import java.util.UUID;

/**
 * A person signed in to the console of a {@link RunningControlPlane}, made by {@link Tenants}.
 *
 * @param org the organization the fixture made them a member of
 * @param cookie the session cookie, {@code name=value}
 * @param session a client that sends the cookie and the CSRF header, as the console does
 */
public record SignedInUser(
    UUID userId, String email, String password, String org, String cookie, ApiClient session) {

  /** The id of {@link #org()}, as the REST API reports it. */
  public UUID orgId() {
    return UUID.fromString(Json.string(session.get("/api/v1/orgs/" + org), "id"));
  }

  /** The id of the deployment {@code name} of {@link #org()}, such as {@code prod}. */
  public UUID deploymentId(String name) {
    JsonNode list = Json.parse(session.get("/api/v1/orgs/" + org + "/deployments"));
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).get("name").getStringValue().equals(name)) {
        return UUID.fromString(list.get(i).get("id").getStringValue());
      }
    }
    throw new AssertionError("no deployment " + name + " in " + org);
  }
}
