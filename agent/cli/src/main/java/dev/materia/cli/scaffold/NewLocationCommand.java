package dev.materia.cli.scaffold;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.materia.cli.UserError;
import dev.materia.cli.api.MateriaApi;
import dev.materia.cli.ci.Output;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SequencedMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code materia new location NAME}: writes a code location project that builds and deploys. */
@Command(
    name = "location",
    mixinStandardHelpOptions = true,
    description = {
      "Write a new code location project: a Maven pom (the SDK provided, -parameters, Java 21),",
      "the service file, one asset class and a test that runs it with Materializer.",
      "Exit code: 0 written, 1 the directory exists and is not empty, 2 an invalid NAME."
    })
public final class NewLocationCommand implements Callable<Integer> {
  /** How to publish the SDK, from the root of a Materia checkout. */
  static final String PUBLISH_SDK = "./mvnw -q install -DskipTests -pl agent/runtime -am";

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "NAME",
      description = "The code location's name, such as hello or sales-etl; also its artifactId.")
  String name;

  @Option(
      names = "--directory",
      paramLabel = "DIR",
      description = "Where to write it: a new or empty directory (default: ./NAME).")
  Path directory;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (default) or json: what was written, as one JSON document on stdout.")
  Output.Format output;

  @Override
  public Integer call() {
    LocationName location;
    try {
      location = LocationName.of(name);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "Invalid value for NAME: " + e.getMessage());
    }
    Path target = (directory != null ? directory : Path.of(name)).toAbsolutePath().normalize();
    requireNewOrEmpty(target);
    BuildVersions versions = BuildVersions.ofThisBuild();
    SequencedMap<String, String> files = LocationProject.files(location, versions);
    write(target, files);
    PrintWriter out = spec.commandLine().getOut();
    if (output == Output.Format.JSON) {
      out.println(json(location, target, versions, files));
    } else {
      out.print(nextSteps(location, target, files));
    }
    out.flush();
    warnWhenInsideTheCheckout(target);
    return 0;
  }

  private static void requireNewOrEmpty(Path target) {
    if (!Files.exists(target)) {
      return;
    }
    if (!Files.isDirectory(target)) {
      throw new UserError(
          target + " exists and is not a directory: pick another place with --directory DIR");
    }
    try (Stream<Path> entries = Files.list(target)) {
      if (entries.findAny().isPresent()) {
        throw new UserError(
            "directory "
                + target
                + " is not empty: pick a new or empty one with --directory DIR, or another NAME");
      }
    } catch (IOException e) {
      throw new UserError("cannot read directory " + target + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path target, SequencedMap<String, String> files) {
    for (var file : files.entrySet()) {
      Path path = target.resolve(file.getKey());
      try {
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue());
      } catch (IOException e) {
        throw new UserError("cannot write " + path + ": " + e.getMessage(), e);
      }
    }
  }

  private static String json(
      LocationName location,
      Path target,
      BuildVersions versions,
      SequencedMap<String, String> files) {
    ObjectNode document = MateriaApi.json().createObjectNode();
    document.put("location", location.name());
    document.put("directory", target.toString());
    document.put("groupId", location.javaPackage());
    document.put("artifactId", location.name());
    document.put("sdkVersion", versions.materia());
    document.put("jar", target.resolve(LocationProject.jar(location)).toString());
    files.sequencedKeySet().forEach(document.putArray("files")::add);
    try {
      return MateriaApi.json().writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String nextSteps(
      LocationName location, Path target, SequencedMap<String, String> files) {
    StringBuilder text = new StringBuilder();
    text.append("Wrote code location ")
        .append(location.name())
        .append(" in ")
        .append(target)
        .append(":\n");
    files.sequencedKeySet().forEach(file -> text.append("  ").append(file).append('\n'));
    Path pom = target.resolve("pom.xml");
    Path jar = target.resolve(LocationProject.jar(location));
    return text.append("Next:\n")
        .append(
            "  1. once, from the Materia checkout, publish the SDK to your local Maven repository:\n")
        .append("       ")
        .append(PUBLISH_SDK)
        .append('\n')
        .append("  2. build and test it: mvn -f ")
        .append(pom)
        .append(" package   (or ./mvnw -f … from the checkout)\n")
        .append("  3. materia deploy --location ")
        .append(location.name())
        .append(" --artifact ")
        .append(jar)
        .append(" --version ")
        .append(LocationProject.VERSION)
        .append(" --wait\n")
        .append("  4. materia materialize --select group:")
        .append(location.name())
        .append(" --wait\n")
        .toString();
  }

  /**
   * {@code ./materia} rebuilds Materia whenever a source in its checkout is newer than its build,
   * so a location written inside the checkout would rebuild it on every command.
   */
  private void warnWhenInsideTheCheckout(Path target) {
    String script = System.getProperty("materia.script");
    if (script == null) {
      return;
    }
    Path checkout = Path.of(script).toAbsolutePath().normalize().getParent();
    if (checkout != null && target.startsWith(checkout)) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "materia: note: "
              + target
              + " is inside the Materia checkout, which ./materia rebuilds whenever a source in it"
              + " changes: keep code locations elsewhere, e.g. --directory ../"
              + location(target));
      err.flush();
    }
  }

  private static String location(Path target) {
    return target.getFileName() == null ? "NAME" : target.getFileName().toString();
  }
}
