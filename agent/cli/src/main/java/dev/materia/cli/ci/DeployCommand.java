package dev.materia.cli.ci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.materia.cli.api.CodeLocationLoad;
import dev.materia.cli.api.LoadFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code materia deploy}: registers a code location or a new version of it. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Register a code location, or a new version of it, in a deployment; its agents load it.",
      "Exit code: 0 registered (with --wait: loaded and serving), 1 refused or (with --wait)",
      "failed to load or its snapshot refused by the control plane (the previous version keeps",
      "serving)."
    })
public final class DeployCommand implements Callable<Integer> {
  @Mixin ApiOptions options;

  @Option(names = "--location", required = true, paramLabel = "NAME", description = "Its name.")
  String location;

  @Option(
      names = "--artifact",
      required = true,
      paramLabel = "PATH",
      description = {
        "The jar, directory of jars or class folder, as the agent sees it;",
        "a relative path that exists here is made absolute."
      })
  String artifact;

  @Option(
      names = "--version",
      required = true,
      paramLabel = "V",
      description = "Its version, such as a git commit; the same version again changes nothing.")
  String version;

  @Option(
      names = "--wait",
      description = "Wait until it serves (LOADED) or FAILED: to load, or its snapshot refused.")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  /** A relative path the agent would resolve against its own directory, made absolute. */
  private String artifact() {
    Path path = Path.of(artifact);
    return !path.isAbsolute() && Files.exists(path) ? path.toAbsolutePath().toString() : artifact;
  }

  @Override
  public Integer call() {
    Output out = options.out();
    JsonNode registered =
        options
            .api()
            .post(
                options.deploymentPath("code-locations"),
                Map.of("name", location, "artifact", artifact(), "version", version));
    out.text(
        "registered code location "
            + location
            + " version "
            + version
            + " in "
            + options.org()
            + "/"
            + options.deployment()
            + ": "
            + registered.path("status").asText());
    if (!await) {
      out.document(registered);
      return 0;
    }
    JsonNode loaded =
        CodeLocationLoad.await(
            options.api(),
            options.org(),
            options.deployment(),
            location,
            Duration.ofSeconds(timeoutSeconds));
    out.document(loaded);
    if (loaded.path("status").asText().equals("FAILED")) {
      out.error("materia: " + LoadFailure.of(loaded).line());
      return 1;
    }
    JsonNode snapshot = loaded.path("snapshot");
    out.text(
        "loaded: "
            + snapshot.path("assetCount").asInt()
            + " assets, "
            + snapshot.path("checkCount").asInt()
            + " checks");
    return 0;
  }
}
