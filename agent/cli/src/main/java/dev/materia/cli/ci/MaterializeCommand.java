package dev.materia.cli.ci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.materia.cli.UserError;
import dev.materia.cli.api.MateriaApi;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code materia materialize}: launches a run of a selection and optionally waits for it. */
@Command(
    name = "materialize",
    mixinStandardHelpOptions = true,
    description = {
      "Launch a run of a selection, optionally of one partition or a range.",
      "Selection: key, +key / *key (parents / ancestors), key+ / key*, group:g, tag:k=v;"
          + " commas mean union.",
      "Exit code: 0 queued (with --wait: SUCCESS), 1 refused or (with --wait) FAILURE or CANCELED."
    })
public final class MaterializeCommand implements Callable<Integer> {
  @Mixin ApiOptions options;

  @Option(
      names = {"-s", "--select"},
      required = true,
      paramLabel = "SELECTION",
      description = "What to materialize, such as '*sales_summary'.")
  String selection;

  @ArgGroup(exclusive = true)
  Partitions partitions;

  static final class Partitions {
    @Option(names = "--partition", paramLabel = "KEY", description = "One partition.")
    String key;

    @ArgGroup(exclusive = false)
    Range range;
  }

  static final class Range {
    @Option(names = "--from", required = true, paramLabel = "KEY", description = "First key.")
    String first;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "KEY",
        description = "Last key (inclusive).")
    String last;
  }

  @Option(
      names = "--location",
      paramLabel = "NAME",
      description = "The code location; needed only when several hold the assets.")
  String location;

  @Option(
      names = "--tag",
      paramLabel = "KEY=VALUE",
      description = "A label for the run (repeatable); trigger=cli is added unless given.")
  Map<String, String> tags = new LinkedHashMap<>();

  @Option(
      names = "--wait",
      description = "Follow the run's events until it ends; exit 1 unless it succeeded.")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description =
          "With --wait: give up after this long, exit 1, and leave the run going"
              + " (default: no limit).")
  long timeoutSeconds;

  @Override
  public Integer call() {
    Output out = options.out();
    ObjectNode request = MateriaApi.json().createObjectNode().put("selection", selection);
    if (location != null) {
      request.put("codeLocation", location);
    }
    if (partitions != null && partitions.key != null) {
      request.put("partitionKey", partitions.key);
    }
    if (partitions != null && partitions.range != null) {
      request
          .putObject("partitionRange")
          .put("first", partitions.range.first)
          .put("last", partitions.range.last);
    }
    Map<String, String> runTags = new LinkedHashMap<>(tags);
    runTags.putIfAbsent("trigger", "cli");
    request.set("tags", MateriaApi.json().valueToTree(runTags));
    JsonNode run;
    try {
      run = options.api().post(options.deploymentPath("runs"), request);
    } catch (MateriaApi.ApiRefusal refusal) {
      String flag = refusal.field() == null ? null : FLAGS.get(refusal.field());
      if (flag == null) {
        throw refusal;
      }
      throw new UserError(inFlagWords(flag, refusal.getMessage()), refusal);
    }
    String id = run.path("id").asText();
    out.text(
        "run "
            + id
            + " queued in "
            + options.org()
            + "/"
            + options.deployment()
            + ": "
            + run.path("assetKeys").size()
            + " assets "
            + run.path("assetKeys"));
    out.text("  " + options.api().url().resolve(options.consolePath("runs", id)));
    if (!await) {
      out.document(run);
      return 0;
    }
    JsonNode finished = RunWatch.follow(options, id, 0, false, Duration.ofSeconds(timeoutSeconds));
    out.document(finished);
    out.text("run " + id + " " + finished.path("status").asText() + statusMessage(finished));
    return RunWatch.exitCode(finished);
  }

  /**
   * The launch's fields as this command's flags, longest first so {@code partitionRange.first} is
   * not read as {@code partitionRange}.
   */
  private static final Map<String, String> FLAGS = flags();

  private static Map<String, String> flags() {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("partitionRange.first", "--from");
    flags.put("partitionRange.last", "--to");
    flags.put("partitionRange", "--from/--to");
    flags.put("partitionKey", "--partition");
    flags.put("codeLocation", "--location");
    return flags;
  }

  /**
   * Says the server's refusal of a field in CLI words: the flag first, then the message with every
   * field name written as its flag (e.g. "give partitionKey" becomes "give --partition").
   */
  static String inFlagWords(String flag, String message) {
    String said = message;
    for (Map.Entry<String, String> field : FLAGS.entrySet()) {
      said =
          said.replaceAll(
              "\\b" + Pattern.quote(field.getKey()) + "\\b",
              java.util.regex.Matcher.quoteReplacement(field.getValue()));
    }
    return flag + ": " + said;
  }

  static String statusMessage(JsonNode run) {
    String message = run.path("statusMessage").asText(null);
    return message == null || message.isBlank() ? "" : ": " + message;
  }
}
