package dev.materia.controlplane.codelocations;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import dev.materia.api.selection.Selection;
import dev.materia.api.selection.SelectionSyntaxException;
import dev.materia.api.selection.SnapshotAssetGraph;
import dev.materia.api.selection.Spelling;
import dev.materia.api.snapshot.AssetSnapshot;
import dev.materia.api.snapshot.CheckSnapshot;
import dev.materia.api.snapshot.PartitionDimensionSnapshot;
import dev.materia.api.snapshot.PartitionsSnapshot;
import dev.materia.api.snapshot.ScheduleSnapshot;
import dev.materia.controlplane.assets.DefinitionIndex;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a code location snapshot before the control plane stores it: sizes, duplicate keys, the
 * dependency graph (dangling dependencies, cycles), partitions definitions, checks and schedules
 * (cron, timezone, selection). Pure: no SQL, no HTTP.
 *
 * <p>Each {@link Violation} names its {@link SnapshotRule}, the field by its position in the body
 * as sent ({@code assets[3].deps}) and a message that names the location, the bad value and the
 * fix:
 *
 * <pre>{@code
 * List<Violation> found = SnapshotValidator.violations(SnapshotUpload.of(snapshot));
 * }</pre>
 */
final class SnapshotValidator {
  /** Most assets one snapshot may hold (DESIGN.md's scale target is 10,000 per deployment). */
  static final int MAX_ASSETS = 20_000;

  static final int MAX_CHECKS = 50_000;
  static final int MAX_SCHEDULES = 1_000;

  /** Longest asset key; keys appear in URLs and in alert incident keys. */
  static final int MAX_KEY = 255;

  /** Longest name or label: group, owner, kind, code version, I/O manager, tag key, names. */
  static final int MAX_NAME = 255;

  /** Longest tag value, partition key, cron or timezone. */
  static final int MAX_VALUE = 1_000;

  /** Longest description of an asset, check or partitions definition. */
  static final int MAX_DESCRIPTION = 10_000;

  /** Most tags, owners or kinds on one asset. */
  static final int MAX_LABELS = 100;

  /** Most keys of one static partitions definition (or dimension). */
  static final int MAX_STATIC_KEYS = 10_000;

  /** Longest schedule selection; the same limit as a launch's selection. */
  static final int MAX_SELECTION = 10_000;

  /** Longest snapshot version, as for a registered version. */
  static final int MAX_VERSION = CodeLocations.MAX_VERSION;

  /** Violations reported at most; one is enough to refuse, the rest help fix several at once. */
  static final int MAX_REPORTED = 100;

  private static final CronDefinition UNIX_CRON =
      CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);

  /**
   * One broken rule.
   *
   * @param field the path of the bad value in the body, e.g. {@code schedules[0].cron}
   */
  record Violation(SnapshotRule rule, String field, String message) {}

  private final String location;
  private final List<Violation> found = new ArrayList<>();

  private SnapshotValidator(String location) {
    this.location = location;
  }

  /** Every broken rule of {@code upload} (up to {@link #MAX_REPORTED}); empty when it is valid. */
  static List<Violation> violations(SnapshotUpload upload) {
    SnapshotValidator validator =
        new SnapshotValidator(upload.name() == null ? "(unnamed)" : upload.name());
    validator.check(upload);
    return List.copyOf(validator.found);
  }

  private void check(SnapshotUpload upload) {
    text("version", upload.version(), MAX_VERSION, "the code location version");
    if (!counts(upload)) {
      return;
    }
    List<AssetSnapshot> assets = upload.assets();
    for (int i = 0; i < assets.size(); i++) {
      if (assets.get(i) != null) {
        asset("assets[" + i + "]", assets.get(i));
      }
    }
    boolean graphValid = graph(assets);
    Set<String> keys = new HashSet<>();
    assets.forEach(a -> keys.add(a.key()));
    checks(upload.checks(), keys);
    schedules(upload.schedules(), graphValid ? assets : null);
  }

  /** Counts and null entries; false when the snapshot is too big to look into. */
  private boolean counts(SnapshotUpload upload) {
    boolean fits = count("assets", upload.assets(), MAX_ASSETS, SnapshotRule.TOO_MANY_ASSETS);
    fits &= count("checks", upload.checks(), MAX_CHECKS, SnapshotRule.TOO_MANY_CHECKS);
    fits &= count("schedules", upload.schedules(), MAX_SCHEDULES, SnapshotRule.TOO_MANY_SCHEDULES);
    if (!fits) {
      return false;
    }
    boolean complete = nulls("assets", upload.assets());
    complete &= nulls("checks", upload.checks());
    complete &= nulls("schedules", upload.schedules());
    return complete;
  }

  private boolean count(String field, List<?> values, int max, SnapshotRule rule) {
    if (values.size() <= max) {
      return true;
    }
    add(
        rule,
        field,
        "holds "
            + values.size()
            + " "
            + field
            + "; at most "
            + max
            + " fit in one code location: split it into several code locations");
    return false;
  }

  private boolean nulls(String field, List<?> values) {
    boolean none = true;
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        add(
            SnapshotRule.NULL_ENTRY,
            field + "[" + i + "]",
            field + "[" + i + "] is null: leave it out or send the whole entry");
        none = false;
      }
    }
    return none;
  }

  private void asset(String at, AssetSnapshot asset) {
    String key = asset.key();
    if (key.length() > MAX_KEY) {
      add(
          SnapshotRule.KEY_TOO_LONG,
          at + ".key",
          "asset key \""
              + shorten(key)
              + "\" is "
              + key.length()
              + " characters long; at most "
              + MAX_KEY
              + " fit: use a shorter key");
    }
    text(at + ".group", asset.group(), MAX_NAME, "the group of asset " + shorten(key));
    description(at + ".description", asset.description(), "asset " + shorten(key));
    labels(at + ".owners", asset.owners(), "owners", key);
    labels(at + ".kinds", asset.kinds(), "kinds", key);
    if (asset.tags().size() > MAX_LABELS) {
      tooManyLabels(at + ".tags", asset.tags().size(), "tags", key);
    } else {
      asset
          .tags()
          .forEach(
              (k, v) -> {
                text(at + ".tags", k, MAX_NAME, "a tag key of asset " + shorten(key));
                text(at + ".tags", v, MAX_VALUE, "tag " + shorten(k) + " of asset " + shorten(key));
              });
    }
    text(at + ".codeVersion", asset.codeVersion(), MAX_NAME, "the code version of " + shorten(key));
    text(at + ".ioManager", asset.ioManager(), MAX_NAME, "the I/O manager of " + shorten(key));
    if (asset.partitions() != null) {
      partitions(at + ".partitions", asset.partitions(), key);
    }
  }

  private void labels(String field, List<String> values, String what, String key) {
    if (values.size() > MAX_LABELS) {
      tooManyLabels(field, values.size(), what, key);
      return;
    }
    for (String value : values) {
      text(field, value, MAX_NAME, "one of the " + what + " of asset " + shorten(key));
    }
  }

  private void tooManyLabels(String field, int count, String what, String key) {
    add(
        SnapshotRule.TOO_MANY_LABELS,
        field,
        "asset "
            + shorten(key)
            + " has "
            + count
            + " "
            + what
            + "; at most "
            + MAX_LABELS
            + " fit: keep the ones people filter by");
  }

  private void partitions(String field, PartitionsSnapshot partitions, String key) {
    int before = found.size();
    description(field + ".description", partitions.description(), "the partitions of " + key);
    staticKeys(field, partitions, key);
    for (int d = 0; d < partitions.dimensions().size(); d++) {
      PartitionDimensionSnapshot dimension = partitions.dimensions().get(d);
      text(field + ".dimensions[" + d + "].name", dimension.name(), MAX_NAME, "a dimension name");
      staticKeys(field + ".dimensions[" + d + "].partitions", dimension.partitions(), key);
    }
    if (found.size() > before) {
      return;
    }
    try {
      partitions.definition();
    } catch (RuntimeException e) {
      add(
          SnapshotRule.PARTITIONS_INVALID,
          field,
          "the partitions of asset "
              + shorten(key)
              + " do not make a partitions definition: "
              + e.getMessage()
              + "; declare them with the SDK's partitions annotations, which the agent's snapshot"
              + " carries as they are");
    }
  }

  private void staticKeys(String field, PartitionsSnapshot partitions, String key) {
    List<String> keys = partitions.staticKeys();
    if (keys.size() > MAX_STATIC_KEYS) {
      add(
          SnapshotRule.TOO_MANY_PARTITION_KEYS,
          field + ".staticKeys",
          "the static partitions of asset "
              + shorten(key)
              + " have "
              + keys.size()
              + " keys; at most "
              + MAX_STATIC_KEYS
              + " fit: use dynamic partitions for long key lists");
      return;
    }
    for (String partitionKey : keys) {
      text(field + ".staticKeys", partitionKey, MAX_VALUE, "a partition key of " + shorten(key));
    }
  }

  /** Duplicates, dangling dependencies and cycles; true when the assets form a valid graph. */
  private boolean graph(List<AssetSnapshot> assets) {
    int before = found.size();
    Map<String, Integer> index = new HashMap<>(assets.size() * 2);
    for (int i = 0; i < assets.size(); i++) {
      Integer first = index.putIfAbsent(assets.get(i).key(), i);
      if (first != null) {
        add(
            SnapshotRule.DUPLICATE_ASSET,
            "assets[" + i + "].key",
            "asset "
                + shorten(assets.get(i).key())
                + " is declared twice (assets["
                + first
                + "] and assets["
                + i
                + "]): give each asset its own key");
      }
    }
    int n = assets.size();
    int[][] upstream = new int[n][];
    for (int i = 0; i < n; i++) {
      List<String> deps = assets.get(i).deps();
      int[] parents = new int[deps.size()];
      int count = 0;
      for (String dep : deps) {
        Integer parent = index.get(dep);
        if (parent == null && assets.get(i).externalDeps().contains(dep)) {
          continue; // another code location's asset: checked against the deployment's locations
        }
        if (parent == null) {
          add(
              SnapshotRule.DANGLING_DEPENDENCY,
              "assets[" + i + "].deps",
              "asset "
                  + shorten(assets.get(i).key())
                  + " depends on "
                  + shorten(dep)
                  + ", which is no asset of this code location: declare it here, or remove the"
                  + " dependency"
                  + Spelling.didYouMean(dep, index.keySet()));
        } else {
          parents[count++] = parent;
        }
      }
      upstream[i] = Arrays.copyOf(parents, count);
    }
    List<Integer> cycle = cycle(upstream);
    if (!cycle.isEmpty()) {
      StringBuilder path = new StringBuilder();
      for (int i : cycle) {
        path.append(path.isEmpty() ? "" : " → ").append(shorten(assets.get(i).key()));
      }
      path.append(" → ").append(shorten(assets.get(cycle.getFirst()).key()));
      add(
          SnapshotRule.CYCLE,
          "assets[" + cycle.getFirst() + "].deps",
          "dependencies form a cycle, each asset depending on the next: "
              + path
              + ". An asset cannot be upstream of itself: remove one of these dependencies");
    }
    return found.size() == before;
  }

  /**
   * A refusal of a snapshot's dependencies across code locations; 409, since it depends on what the
   * deployment's other locations define.
   *
   * @param field the path of the bad value in the body, e.g. {@code assets[0].deps}
   */
  record Refusal(String field, String message) {}

  /**
   * What the snapshot of {@code upload.name()} breaks across the code locations of {@code
   * deployment}, whose index holds {@code indexed} (every location's latest snapshot, this one's
   * previous one included), or empty. In this order:
   *
   * <ul>
   *   <li>an external dependency ({@code externalDeps}) that no other location defines;
   *   <li>a key this location defined, no longer declares, and another location depends on (the
   *       dependents stay whole: a location cannot pull an asset from under another);
   *   <li>dependencies that would form a cycle through several locations.
   * </ul>
   *
   * Call it with a snapshot {@link #violations} accepted.
   */
  static Optional<Refusal> acrossLocations(
      String deployment, SnapshotUpload upload, List<DefinitionIndex.IndexedAsset> indexed) {
    String location = upload.name();
    Map<String, DefinitionIndex.IndexedAsset> others = new LinkedHashMap<>();
    Set<String> ownBefore = new HashSet<>();
    for (DefinitionIndex.IndexedAsset asset : indexed) {
      if (asset.codeLocation().equals(location)) {
        ownBefore.add(asset.key());
      } else {
        others.put(asset.key(), asset);
      }
    }
    Set<String> ownNow = new HashSet<>();
    upload.assets().forEach(a -> ownNow.add(a.key()));
    List<String> searched =
        others.values().stream()
            .map(DefinitionIndex.IndexedAsset::codeLocation)
            .distinct()
            .toList();
    for (int i = 0; i < upload.assets().size(); i++) {
      AssetSnapshot asset = upload.assets().get(i);
      for (String dep : asset.externalDeps()) {
        if (!others.containsKey(dep)) {
          Set<String> known = new HashSet<>(others.keySet());
          known.addAll(ownNow);
          return Optional.of(
              new Refusal(
                  "assets[" + i + "].deps",
                  "asset `"
                      + shorten(asset.key())
                      + "` of code location `"
                      + location
                      + "` depends on `"
                      + shorten(dep)
                      + "`, which no code location of deployment `"
                      + deployment
                      + "` defines (searched: "
                      + (searched.isEmpty()
                          ? "no other code location has uploaded a snapshot yet; deploy the one"
                              + " defining it first"
                          : String.join(", ", searched))
                      + ")."
                      + Spelling.didYouMean(dep, known)));
        }
      }
    }
    Map<String, List<DefinitionIndex.IndexedAsset>> dependentsOfRemoved = new LinkedHashMap<>();
    for (DefinitionIndex.IndexedAsset other : others.values()) {
      for (String dep : other.deps()) {
        if (ownBefore.contains(dep) && !ownNow.contains(dep) && !others.containsKey(dep)) {
          dependentsOfRemoved.computeIfAbsent(dep, k -> new ArrayList<>()).add(other);
        }
      }
    }
    if (!dependentsOfRemoved.isEmpty()) {
      var removed = dependentsOfRemoved.entrySet().iterator().next();
      String key = removed.getKey();
      List<DefinitionIndex.IndexedAsset> dependents = removed.getValue();
      List<String> dependentLocations =
          dependents.stream().map(DefinitionIndex.IndexedAsset::codeLocation).distinct().toList();
      StringBuilder who = new StringBuilder();
      for (DefinitionIndex.IndexedAsset dependent : dependents) {
        who.append(who.isEmpty() ? "" : ", ")
            .append('`')
            .append(shorten(dependent.key()))
            .append("` of code location `")
            .append(dependent.codeLocation())
            .append('`');
      }
      return Optional.of(
          new Refusal(
              "assets",
              "code location `"
                  + location
                  + "` of deployment `"
                  + deployment
                  + "` no longer defines `"
                  + shorten(key)
                  + "`, which "
                  + (dependents.size() == 1 ? "asset " : "assets ")
                  + who
                  + (dependents.size() == 1 ? " depends on" : " depend on")
                  + ": keep `"
                  + shorten(key)
                  + "` in "
                  + location
                  + " until "
                  + String.join(", ", dependentLocations)
                  + " no longer "
                  + (dependentLocations.size() == 1 ? "depends" : "depend")
                  + " on it (deploy "
                  + String.join(", ", dependentLocations)
                  + " without the dependency first)"));
    }
    return crossLocationCycle(deployment, upload, others);
  }

  /** A cycle through several locations once this snapshot replaces its location's previous one. */
  private static Optional<Refusal> crossLocationCycle(
      String deployment, SnapshotUpload upload, Map<String, DefinitionIndex.IndexedAsset> others) {
    boolean external = upload.assets().stream().anyMatch(a -> !a.externalDeps().isEmpty());
    Set<String> ownKeys = new HashSet<>();
    upload.assets().forEach(a -> ownKeys.add(a.key()));
    boolean dependedOn =
        others.values().stream().anyMatch(o -> o.deps().stream().anyMatch(ownKeys::contains));
    if (!external || !dependedOn) {
      return Optional.empty(); // a cycle through locations needs edges both ways
    }
    // This snapshot's assets first, so a cycle is printed from one of them.
    List<String> keys = new ArrayList<>();
    List<String> locations = new ArrayList<>();
    List<List<String>> deps = new ArrayList<>();
    for (AssetSnapshot asset : upload.assets()) {
      keys.add(asset.key());
      locations.add(upload.name());
      deps.add(asset.deps());
    }
    for (DefinitionIndex.IndexedAsset other : others.values()) {
      keys.add(other.key());
      locations.add(other.codeLocation());
      deps.add(other.deps());
    }
    Map<String, Integer> index = new HashMap<>(keys.size() * 2);
    for (int i = 0; i < keys.size(); i++) {
      index.putIfAbsent(keys.get(i), i);
    }
    int[][] upstream = new int[keys.size()][];
    for (int i = 0; i < keys.size(); i++) {
      upstream[i] =
          deps.get(i).stream().map(index::get).filter(p -> p != null).mapToInt(p -> p).toArray();
    }
    List<Integer> cycle = cycle(upstream);
    if (cycle.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder path = new StringBuilder();
    for (int i : cycle) {
      path.append(path.isEmpty() ? "" : " → ")
          .append(shorten(keys.get(i)))
          .append(" (")
          .append(locations.get(i))
          .append(')');
    }
    int first = cycle.getFirst();
    path.append(" → ")
        .append(shorten(keys.get(first)))
        .append(" (")
        .append(locations.get(first))
        .append(')');
    return Optional.of(
        new Refusal(
            first < upload.assets().size() ? "assets[" + first + "].deps" : "assets",
            "dependencies across the code locations of deployment `"
                + deployment
                + "` would form a cycle, each asset depending on the next: "
                + path
                + "; remove one of these dependencies"));
  }

  /**
   * One cycle as positions, each depending on the next and the last on the first; empty when there
   * is none. Kahn's algorithm leaves exactly the assets on or behind a cycle, and each of those has
   * a parent among them, so following parents from one must come back round.
   */
  static List<Integer> cycle(int[][] upstream) {
    int n = upstream.length;
    int[] remaining = new int[n];
    List<List<Integer>> downstream = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      downstream.add(new ArrayList<>());
    }
    ArrayDeque<Integer> ready = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      remaining[i] = upstream[i].length;
      for (int parent : upstream[i]) {
        downstream.get(parent).add(i);
      }
    }
    for (int i = 0; i < n; i++) {
      if (remaining[i] == 0) {
        ready.add(i);
      }
    }
    boolean[] done = new boolean[n];
    while (!ready.isEmpty()) {
      int next = ready.poll();
      done[next] = true;
      for (int child : downstream.get(next)) {
        if (--remaining[child] == 0) {
          ready.add(child);
        }
      }
    }
    int start = -1;
    for (int i = 0; i < n && start < 0; i++) {
      if (!done[i]) {
        start = i;
      }
    }
    if (start < 0) {
      return List.of();
    }
    Map<Integer, Integer> step = new LinkedHashMap<>();
    int at = start;
    while (!step.containsKey(at)) {
      step.put(at, step.size());
      int parent = -1;
      for (int p : upstream[at]) {
        if (!done[p]) {
          parent = p;
          break;
        }
      }
      at = parent;
    }
    List<Integer> walked = new ArrayList<>(step.keySet());
    return List.copyOf(walked.subList(step.get(at), walked.size()));
  }

  private void checks(List<CheckSnapshot> checks, Set<String> keys) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < checks.size(); i++) {
      CheckSnapshot check = checks.get(i);
      String at = "checks[" + i + "]";
      if (!keys.contains(check.assetKey())) {
        add(
            SnapshotRule.CHECK_ON_UNKNOWN_ASSET,
            at + ".assetKey",
            "check "
                + shorten(check.name())
                + " is on asset "
                + shorten(check.assetKey())
                + ", which is no asset of this code location: attach it to one of its assets"
                + Spelling.didYouMean(check.assetKey(), keys));
      }
      Integer first = seen.putIfAbsent(check.stepKey(), i);
      if (first != null) {
        add(
            SnapshotRule.DUPLICATE_CHECK,
            at + ".name",
            "asset "
                + shorten(check.assetKey())
                + " has two checks named "
                + shorten(check.name())
                + " (checks["
                + first
                + "] and "
                + at
                + "): give each check on an asset its own name");
      }
      text(at + ".name", check.name(), MAX_NAME, "the name of a check");
      description(at + ".description", check.description(), "check " + shorten(check.name()));
    }
  }

  /** Schedules; selections are resolved only over a valid graph ({@code assets} not null). */
  private void schedules(List<ScheduleSnapshot> schedules, List<AssetSnapshot> assets) {
    SnapshotAssetGraph graph =
        assets == null || schedules.isEmpty() ? null : SnapshotAssetGraph.ofAssets(assets);
    Map<String, Integer> seen = new HashMap<>();
    CronParser cronParser = new CronParser(UNIX_CRON);
    for (int i = 0; i < schedules.size(); i++) {
      ScheduleSnapshot schedule = schedules.get(i);
      String at = "schedules[" + i + "]";
      String name = shorten(schedule.name());
      Integer first = seen.putIfAbsent(schedule.name(), i);
      if (first != null) {
        add(
            SnapshotRule.DUPLICATE_SCHEDULE,
            at + ".name",
            "schedule "
                + name
                + " is declared twice (schedules["
                + first
                + "] and "
                + at
                + "): give each schedule its own name");
      }
      text(at + ".name", schedule.name(), MAX_NAME, "the name of a schedule");
      if (text(at + ".cron", schedule.cron(), MAX_VALUE, "the cron of schedule " + name)) {
        try {
          cronParser.parse(schedule.cron()).validate();
        } catch (RuntimeException e) {
          add(
              SnapshotRule.CRON_INVALID,
              at + ".cron",
              "schedule "
                  + name
                  + " has cron \""
                  + shorten(schedule.cron())
                  + "\", which is not a five-field Unix cron expression ("
                  + e.getMessage()
                  + "): write minute hour day-of-month month day-of-week, e.g. \"0 2 * * *\" for"
                  + " 02:00 every day");
        }
      }
      if (text(at + ".timezone", schedule.timezone(), MAX_NAME, "the timezone of " + name)) {
        try {
          ZoneId.of(schedule.timezone());
        } catch (DateTimeException e) {
          add(
              SnapshotRule.TIMEZONE_INVALID,
              at + ".timezone",
              "schedule "
                  + name
                  + " has timezone \""
                  + shorten(schedule.timezone())
                  + "\", which is no known zone: use an IANA zone id such as \"UTC\" or"
                  + " \"Europe/Berlin\"");
        }
      }
      if (text(at + ".selection", schedule.selection(), MAX_SELECTION, "a selection")) {
        selection(at + ".selection", schedule, graph);
      }
    }
  }

  private void selection(String field, ScheduleSnapshot schedule, SnapshotAssetGraph graph) {
    String name = shorten(schedule.name());
    Selection parsed;
    try {
      parsed = Selection.parse(schedule.selection());
    } catch (SelectionSyntaxException e) {
      add(
          SnapshotRule.SELECTION_INVALID,
          field,
          "schedule " + name + " has a selection that does not parse: " + e.getMessage());
      return;
    }
    if (graph == null) {
      return;
    }
    String problem;
    try {
      problem = parsed.resolveIndexes(graph).isEmpty() ? "it selects no asset" : null;
    } catch (IllegalArgumentException e) {
      problem = e.getMessage();
    }
    if (problem != null) {
      add(
          SnapshotRule.SELECTION_SELECTS_NOTHING,
          field,
          "schedule "
              + name
              + " has selection \""
              + shorten(schedule.selection())
              + "\", which selects nothing among this code location's assets ("
              + problem
              + "): name an asset, group, tag, kind or owner this code location declares");
    }
  }

  private void description(String field, String value, String of) {
    if (value != null && value.length() > MAX_DESCRIPTION) {
      add(
          SnapshotRule.DESCRIPTION_TOO_LONG,
          field,
          "the description of "
              + of
              + " is "
              + value.length()
              + " characters long; at most "
              + MAX_DESCRIPTION
              + " fit: shorten it and link to longer documentation");
    }
  }

  /** Whether {@code value} fits in {@code max} characters; null fits. */
  private boolean text(String field, String value, int max, String what) {
    if (value == null || value.length() <= max) {
      return true;
    }
    add(
        SnapshotRule.TEXT_TOO_LONG,
        field,
        what
            + " (\""
            + shorten(value)
            + "\") is "
            + value.length()
            + " characters long; at most "
            + max
            + " fit: shorten it");
    return false;
  }

  private void add(SnapshotRule rule, String field, String message) {
    if (found.size() < MAX_REPORTED) {
      found.add(new Violation(rule, field, "code location " + location + ": " + message));
    }
  }

  /** Long values are cut in messages, which quote them. */
  private static String shorten(String value) {
    return value.length() > 80 ? value.substring(0, 77) + "..." : value;
  }
}
