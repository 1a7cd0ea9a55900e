package dev.materia.cli.ci;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code materia runs list|show|cancel|logs}. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List, inspect, cancel and read the events of runs.",
    subcommands = {
      RunsCommand.List.class,
      RunsCommand.Show.class,
      RunsCommand.Cancel.class,
      RunsCommand.Logs.class
    })
public final class RunsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Runs, newest first.")
  static final class List implements Callable<Integer> {
    @Mixin ApiOptions options;

    @Option(
        names = "--status",
        paramLabel = "S[,S…]",
        description = "Only these statuses, such as FAILURE or QUEUED,STARTED.")
    String status;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Only runs with this tag.")
    String tag;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "20",
        description = "At most N runs, 1 to 200 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      Output out = options.out();
      JsonNode page =
          options
              .api()
              .get(
                  options.deploymentPath("runs"),
                  "status",
                  status,
                  "tag",
                  tag,
                  "limit",
                  Integer.toString(limit));
      JsonNode runs = page.path("runs");
      out.document(runs);
      out.text(String.format("%-36s  %-8s  %-27s  %s", "ID", "STATUS", "CREATED", "SELECTION"));
      for (JsonNode run : runs) {
        out.text(
            String.format(
                "%-36s  %-8s  %-27s  %s",
                run.path("id").asText(),
                run.path("status").asText(),
                run.path("createdAt").asText(),
                run.path("selection").asText() + partition(run)));
      }
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "One run.")
  static final class Show implements Callable<Integer> {
    @Mixin ApiOptions options;

    @Parameters(paramLabel = "RUN_ID", description = "The run's id.")
    String id;

    @Override
    public Integer call() {
      Output out = options.out();
      JsonNode run = options.api().get(options.deploymentPath("runs", id));
      out.document(run);
      out.text("id:            " + run.path("id").asText());
      out.text(
          "status:        " + run.path("status").asText() + MaterializeCommand.statusMessage(run));
      out.text("selection:     " + run.path("selection").asText() + partition(run));
      out.text("code location: " + run.path("codeLocation").asText());
      out.text("assets:        " + run.path("assetKeys"));
      out.text("tags:          " + run.path("tags"));
      out.text("created:       " + run.path("createdAt").asText());
      out.text("started:       " + run.path("startedAt").asText("-"));
      out.text("finished:      " + run.path("finishedAt").asText("-"));
      return 0;
    }
  }

  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description = {
        "Cancel a run: a queued run at once, a running one through its agent.",
        "Exit code 1 when it has already finished."
      })
  static final class Cancel implements Callable<Integer> {
    @Mixin ApiOptions options;

    @Parameters(paramLabel = "RUN_ID", description = "The run's id.")
    String id;

    @Override
    public Integer call() {
      Output out = options.out();
      JsonNode run = options.api().post(options.deploymentPath("runs", id, "cancel"), null);
      out.document(run);
      out.text(
          "run "
              + id
              + ": "
              + (run.path("cancelRequested").asBoolean()
                  ? "cancel requested; its agent stops it"
                  : run.path("status").asText()));
      return 0;
    }
  }

  @Command(
      name = "logs",
      mixinStandardHelpOptions = true,
      description = {
        "A run's events (steps, materializations, checks, log lines) in order.",
        "With -o json, one JSON event per line."
      })
  static final class Logs implements Callable<Integer> {
    @Mixin ApiOptions options;

    @Parameters(paramLabel = "RUN_ID", description = "The run's id.")
    String id;

    @Option(
        names = {"-f", "--follow"},
        description = "Keep printing new events until the run ends.")
    boolean follow;

    @Override
    public Integer call() {
      Output out = options.out();
      String run = options.deploymentPath("runs", id);
      if (follow) {
        RunWatch.follow(options, id, 0, out.json());
        return 0;
      }
      long after = 0;
      while (true) {
        JsonNode page =
            options.api().get(run + "/events", "after", Long.toString(after), "limit", "1000");
        for (JsonNode event : page.path("events")) {
          if (out.json()) {
            out.document(event);
          } else {
            out.text(EventLines.line(event));
          }
        }
        long next = page.path("next").asLong();
        if (next <= after) {
          return 0;
        }
        after = next;
      }
    }
  }

  private static String partition(JsonNode run) {
    if (run.path("partitionKey").isTextual()) {
      return " [" + run.path("partitionKey").asText() + "]";
    }
    JsonNode range = run.path("partitionRange");
    return range.isObject()
        ? " [" + range.path("first").asText() + ".." + range.path("last").asText() + "]"
        : "";
  }
}
