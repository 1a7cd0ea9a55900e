package dev.materia.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.materia.cli.UserError;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waiting for agents to load a registered code location: {@code materia deploy --wait}, dev. */
public final class CodeLocationLoad {
  private static final long PAUSE_MILLIS = 200;

  private CodeLocationLoad() {}

  /**
   * Polls {@code GET .../code-locations/{name}} until its status is {@code LOADED} or {@code
   * FAILED} and returns that view.
   *
   * @throws UserError when {@code timeout} passes first, naming the status it was left in
   */
  public static JsonNode await(
      MateriaApi api, String org, String deployment, String name, Duration timeout) {
    String path = MateriaApi.path("orgs", org, "deployments", deployment, "code-locations", name);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode location = api.get(path);
      String status = location.path("status").asText();
      if (status.equals("LOADED") || status.equals("FAILED")) {
        return location;
      }
      if (System.nanoTime() > deadline) {
        throw new UserError(
            "code location "
                + name
                + " is still "
                + status
                + " after "
                + timeout.toSeconds()
                + " s: is an agent running for deployment "
                + deployment
                + "? (see the console's Agents page)");
      }
      try {
        TimeUnit.MILLISECONDS.sleep(PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserError("interrupted while waiting for code location " + name, e);
      }
    }
  }
}
