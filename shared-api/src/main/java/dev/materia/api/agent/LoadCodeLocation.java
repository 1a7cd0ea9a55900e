package dev.materia.api.agent;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Load a code location, or reload it when the agent already holds one with this name: the agent
 * fetches the artifact, builds a snapshot, uploads it, and reports the outcome in its heartbeats.
 *
 * <p>Example: {@code new LoadCodeLocation("w-1", "prod", "sales", "2024.06.01-3f2a",
 * "/opt/materia/locations/sales-3f2a.jar")}.
 *
 * @param deployment the deployment the location belongs to
 * @param name the code location's name, unique in the deployment
 * @param version the version CI registered; a new version means reload
 * @param artifact where the code is: a jar or a directory of jars on the agent's file system, or a
 *     {@code file:} URI (object stores and images come later)
 */
@Serdeable
public record LoadCodeLocation(
    String id, String deployment, String name, String version, String artifact)
    implements WorkItem {
  public static final String TYPE = "load_code_location";

  public LoadCodeLocation {
    Fields.required(id, "id");
    Fields.required(deployment, "deployment");
    Fields.required(name, "name");
    Fields.required(version, "version");
    Fields.required(artifact, "artifact");
  }
}
