package dev.materia.api.partitions;

import dev.materia.sdk.PartitionMapping;
import dev.materia.sdk.PartitionsDefinition;
import dev.materia.sdk.PartitionsDefinition.Dimension;
import dev.materia.sdk.PartitionsDefinition.Multi;
import dev.materia.sdk.PartitionsDefinition.TimeWindowed;
import dev.materia.sdk.TimeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link PartitionMapping} means between two definitions: which mapping fits which pair, the
 * default when the user gave none, the messages when none fits, and the keys a partition reads.
 *
 * <p>The agent's loader calls {@link #defaultFor} for an input without {@code @MapPartitions}, and
 * {@link #problem} for one with it; its planner calls {@link #upstreamKeys}; the control plane uses
 * the same calls to plan backfills. Messages name the SDK's annotations, since that is where users
 * fix a mapping. In every method a null definition means an unpartitioned asset.
 *
 * <pre>{@code
 * Optional<PartitionMapping> mapping = PartitionMappings.defaultFor(upstream, downstream);
 * if (mapping.isEmpty()) {
 *   throw new LoadException(
 *       PartitionMappings.mismatchMessage("daily_stats", downstream, "regions", upstream));
 * }
 * }</pre>
 */
public final class PartitionMappings {
  private PartitionMappings() {}

  /**
   * The mapping an input uses when the user named none, or empty when no mapping makes sense and
   * the loader must reject the asset (see {@link #mismatchMessage}).
   *
   * <ul>
   *   <li>upstream or downstream unpartitioned: all partitions;
   *   <li>equal definitions: identity;
   *   <li>two time windows (any cadence, start or timezone): time window with offset 0, i.e. the
   *       upstream windows overlapping the downstream one;
   *   <li>static over static whose keys include all the downstream's: identity;
   *   <li>multi on one side and exactly one of its dimensions equal to the other side (for time,
   *       same cadence and timezone): that dimension;
   *   <li>anything else, e.g. daily over static or static over dynamic: none.
   * </ul>
   *
   * @param upstream the upstream's definition, null when unpartitioned
   * @param downstream the downstream's definition, null when unpartitioned
   */
  public static Optional<PartitionMapping> defaultFor(
      PartitionsDefinition upstream, PartitionsDefinition downstream) {
    if (upstream == null || downstream == null) {
      return Optional.of(PartitionMapping.allPartitions());
    }
    if (upstream.equals(downstream)) {
      return Optional.of(PartitionMapping.identity());
    }
    if (upstream instanceof TimeWindowed && downstream instanceof TimeWindowed) {
      return Optional.of(PartitionMapping.timeWindow(0));
    }
    if (upstream instanceof PartitionsDefinition.Static up
        && downstream instanceof PartitionsDefinition.Static down
        && up.keys().containsAll(down.keys())) {
      return Optional.of(PartitionMapping.identity());
    }
    if (upstream instanceof Multi up && downstream instanceof Multi down) {
      return sameShape(up.first().definition(), down.first().definition())
              && sameShape(up.second().definition(), down.second().definition())
              && identityProblem(upstream, downstream).isEmpty()
          ? Optional.of(PartitionMapping.identity())
          : Optional.empty();
    }
    Multi multi = upstream instanceof Multi m ? m : downstream instanceof Multi m2 ? m2 : null;
    if (multi != null) {
      PartitionsDefinition single = multi == upstream ? downstream : upstream;
      List<Dimension> matching =
          multi.dimensions().stream().filter(d -> sameShape(d.definition(), single)).toList();
      if (matching.size() == 1) {
        return Optional.of(PartitionMapping.dimension(matching.getFirst().name()));
      }
    }
    return Optional.empty();
  }

  /**
   * Why {@code mapping} cannot connect these definitions, or empty when it can.
   *
   * <ul>
   *   <li>identity: both time windows of the same cadence and timezone, both static or dynamic
   *       (static downstream keys must all be upstream keys), or both multi with dimensions that
   *       fit pairwise;
   *   <li>time window: both time windows;
   *   <li>all partitions: always;
   *   <li>dimension: exactly one side multi, with a dimension of that name whose keys are the other
   *       side's.
   * </ul>
   *
   * <p>Any mapping other than all partitions needs both sides partitioned: an unpartitioned
   * downstream reads every upstream partition, and an unpartitioned upstream has one value.
   *
   * @param upstream the upstream's definition, null when unpartitioned
   * @param downstream the downstream's definition, null when unpartitioned
   */
  public static Optional<String> problem(
      PartitionMapping mapping, PartitionsDefinition upstream, PartitionsDefinition downstream) {
    Objects.requireNonNull(mapping, "mapping == null");
    if (mapping instanceof PartitionMapping.AllPartitions) {
      return Optional.empty();
    }
    if (upstream == null) {
      return Optional.of(
          "the upstream is not partitioned, so every partition reads its one value; remove"
              + " @MapPartitions");
    }
    if (downstream == null) {
      return Optional.of(
          "the downstream is not partitioned, so it can only read all upstream partitions; use"
              + " @MapPartitions(ALL_PARTITIONS)");
    }
    return switch (mapping) {
      case PartitionMapping.Identity identity -> identityProblem(upstream, downstream);
      case PartitionMapping.TimeWindowOffset offset ->
          upstream instanceof TimeWindowed && downstream instanceof TimeWindowed
              ? Optional.empty()
              : Optional.of(
                  "a time window mapping needs time-window partitions on both sides, and "
                      + (upstream instanceof TimeWindowed ? "the downstream" : "the upstream")
                      + " has "
                      + (upstream instanceof TimeWindowed ? downstream : upstream).describe());
      case PartitionMapping.AllPartitions all -> Optional.empty();
      case PartitionMapping.SingleDimension single ->
          dimensionProblem(single.dimension(), upstream, downstream);
    };
  }

  /**
   * Whether one downstream partition can read more than one upstream partition through {@code
   * mapping}, so the input must take them all (by key) rather than one value. All partitions reads
   * several; identity reads one; a dimension mapping reads several from a multi upstream into a
   * single downstream. A time-window mapping reads one only when, in the same timezone, each
   * downstream window lies inside one upstream window: hours nest in days, weeks and months, days
   * in weeks and months, but a week can straddle two months.
   *
   * @param upstream the upstream's definition, null when unpartitioned (then never several)
   * @param downstream the downstream's definition, null when unpartitioned
   */
  public static boolean readsSeveral(
      PartitionMapping mapping, PartitionsDefinition upstream, PartitionsDefinition downstream) {
    Objects.requireNonNull(mapping, "mapping == null");
    if (upstream == null) {
      return false;
    }
    return switch (mapping) {
      case PartitionMapping.AllPartitions all -> true;
      case PartitionMapping.Identity identity -> false;
      case PartitionMapping.TimeWindowOffset offset ->
          !(upstream instanceof TimeWindowed up
              && downstream instanceof TimeWindowed down
              && up.timezone().equals(down.timezone())
              && nests(up.cadence(), down.cadence()));
      case PartitionMapping.SingleDimension dimension ->
          upstream instanceof Multi && !(downstream instanceof Multi);
    };
  }

  /** Whether every {@code inner} window lies inside one {@code outer} window of the same zone. */
  private static boolean nests(
      PartitionsDefinition.Cadence outer, PartitionsDefinition.Cadence inner) {
    return switch (inner) {
      case HOURLY -> true;
      case DAILY -> outer != PartitionsDefinition.Cadence.HOURLY;
      case WEEKLY -> outer == PartitionsDefinition.Cadence.WEEKLY;
      case MONTHLY -> outer == PartitionsDefinition.Cadence.MONTHLY;
    };
  }

  /**
   * The message for an input whose partitions differ from its asset's with no default mapping. It
   * names both assets and their partitions and the fix; the loader adds the method.
   */
  public static String mismatchMessage(
      String downstreamAsset,
      PartitionsDefinition downstream,
      String upstreamAsset,
      PartitionsDefinition upstream) {
    String fix;
    if (isKeyList(upstream) && isKeyList(downstream)) {
      fix =
          "@MapPartitions(IDENTITY) on the input to read the partition with the same key, or"
              + " @MapPartitions(ALL_PARTITIONS) to read all of them";
    } else if (upstream instanceof Multi || downstream instanceof Multi) {
      fix =
          "@MapPartitions(value = DIMENSION, dimension = \"...\") on the input naming the"
              + " dimension that matches, or @MapPartitions(ALL_PARTITIONS) to read every partition"
              + " of \""
              + upstreamAsset
              + "\"";
    } else {
      fix =
          "@MapPartitions(ALL_PARTITIONS) on the input to read every partition of \""
              + upstreamAsset
              + "\", or give both assets the same partitions";
    }
    return "asset \""
        + downstreamAsset
        + "\" ("
        + describe(downstream)
        + ") reads \""
        + upstreamAsset
        + "\" ("
        + describe(upstream)
        + "), and no partition mapping fits them by default. Fix: "
        + fix
        + ".";
  }

  /**
   * The message for a mapping that {@link #problem} rejected, naming both assets, their partitions,
   * the mapping and the reason; the loader adds the method.
   */
  public static String invalidMappingMessage(
      String downstreamAsset,
      PartitionsDefinition downstream,
      String upstreamAsset,
      PartitionsDefinition upstream,
      PartitionMapping mapping,
      String problem) {
    return "asset \""
        + downstreamAsset
        + "\" ("
        + describe(downstream)
        + ") reads \""
        + upstreamAsset
        + "\" ("
        + describe(upstream)
        + ") with mapping \""
        + mapping.describe()
        + "\", which does not fit: "
        + problem
        + ".";
  }

  /** {@link PartitionsDefinition#describe()}, or "unpartitioned" for null. */
  public static String describe(PartitionsDefinition definition) {
    return definition == null ? "unpartitioned" : definition.describe();
  }

  /**
   * The upstream keys that downstream partition {@code downstreamKey} reads, in upstream order.
   *
   * <p>For an unpartitioned downstream pass null for {@code downstream} and {@code downstreamKey};
   * only all partitions applies then. A time-window mapping whose shifted window reaches outside
   * the upstream's partitions (the first day with offset -1, or a window not ended yet) throws
   * unless the mapping allows missing keys, in which case only the keys that exist are returned.
   * Identity and dimension mappings throw when the key is not an upstream partition.
   *
   * @throws InvalidPartitionKeyException when {@code downstreamKey} is not a downstream partition
   * @throws MissingUpstreamPartitionsException when mapped upstream partitions do not exist
   * @throws IllegalArgumentException when {@link #problem} rejects the mapping
   */
  public static List<String> upstreamKeys(
      PartitionMapping mapping,
      PartitionSet upstream,
      PartitionSet downstream,
      String downstreamKey) {
    Objects.requireNonNull(mapping, "mapping == null");
    Objects.requireNonNull(upstream, "upstream == null");
    if ((downstream == null) != (downstreamKey == null)) {
      throw new IllegalArgumentException(
          "downstream and downstreamKey are both null (unpartitioned downstream) or both set; got "
              + (downstream == null ? "no definition" : "no key")
              + " and "
              + (downstream == null ? "key " + downstreamKey : downstream.definition().describe()));
    }
    requireFits(
        mapping, upstream.definition(), downstream == null ? null : downstream.definition());
    if (mapping instanceof PartitionMapping.AllPartitions) {
      if (downstream != null) {
        downstream.check(downstreamKey);
      }
      return upstream.keys();
    }
    downstream.check(downstreamKey);
    return switch (mapping) {
      case PartitionMapping.Identity identity ->
          existing(mapping, downstreamKey, upstream, List.of(downstreamKey), false);
      case PartitionMapping.TimeWindowOffset offset ->
          timeUpstream(
              offset,
              (TimeWindowPartitionSet) upstream,
              (TimeWindowPartitionSet) downstream,
              downstreamKey);
      case PartitionMapping.SingleDimension single ->
          dimensionUpstream(single, upstream, downstream, downstreamKey);
      case PartitionMapping.AllPartitions all -> upstream.keys();
    };
  }

  /**
   * The downstream keys that read upstream partition {@code upstreamKey}, in downstream order: what
   * to re-run when it changes. Keys outside the downstream's partitions are left out.
   *
   * @throws InvalidPartitionKeyException when {@code upstreamKey} is not an upstream partition
   * @throws IllegalArgumentException when {@link #problem} rejects the mapping
   */
  public static List<String> downstreamKeys(
      PartitionMapping mapping,
      PartitionSet upstream,
      String upstreamKey,
      PartitionSet downstream) {
    Objects.requireNonNull(mapping, "mapping == null");
    Objects.requireNonNull(upstream, "upstream == null");
    Objects.requireNonNull(downstream, "downstream == null");
    requireFits(mapping, upstream.definition(), downstream.definition());
    upstream.check(upstreamKey);
    return switch (mapping) {
      case PartitionMapping.AllPartitions all -> downstream.keys();
      case PartitionMapping.Identity identity ->
          downstream.contains(upstreamKey) ? List.of(upstreamKey) : List.of();
      case PartitionMapping.TimeWindowOffset offset ->
          timeDownstream(
              offset,
              (TimeWindowPartitionSet) upstream,
              upstreamKey,
              (TimeWindowPartitionSet) downstream);
      case PartitionMapping.SingleDimension single ->
          dimensionDownstream(single, upstream, upstreamKey, downstream);
    };
  }

  // ---- time windows ----

  private static List<String> timeUpstream(
      PartitionMapping.TimeWindowOffset mapping,
      TimeWindowPartitionSet upstream,
      TimeWindowPartitionSet downstream,
      String downstreamKey) {
    long shifted = downstream.shift(downstream.index(downstreamKey), mapping.offset());
    Instant from = downstream.startOf(shifted);
    Instant to = downstream.startOf(shifted + 1);
    List<String> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (long i = upstream.indexContaining(from); upstream.startOf(i).isBefore(to); i++) {
      if (upstream.isEmpty(i)) {
        continue;
      }
      (upstream.inRange(i) ? found : missing).add(upstream.keyAt(i));
    }
    if (!missing.isEmpty() && !mapping.allowMissing()) {
      throw missing(mapping, downstreamKey, missing, upstream);
    }
    return found;
  }

  private static List<String> timeDownstream(
      PartitionMapping.TimeWindowOffset mapping,
      TimeWindowPartitionSet upstream,
      String upstreamKey,
      TimeWindowPartitionSet downstream) {
    TimeWindow window = upstream.window(upstream.index(upstreamKey));
    Instant from = window.start().toInstant();
    Instant to = window.end().toInstant();
    List<String> keys = new ArrayList<>();
    // The downstream windows that, once shifted, overlap the upstream window; shift them back.
    for (long i = downstream.indexContaining(from); downstream.startOf(i).isBefore(to); i++) {
      if (downstream.isEmpty(i)) {
        continue;
      }
      long reader = downstream.shift(i, -mapping.offset());
      if (downstream.inRange(reader)) {
        keys.add(downstream.keyAt(reader));
      }
    }
    return keys;
  }

  // ---- dimensions ----

  private static List<String> dimensionUpstream(
      PartitionMapping.SingleDimension mapping,
      PartitionSet upstream,
      PartitionSet downstream,
      String downstreamKey) {
    if (upstream instanceof MultiPartitionSet multi) {
      existing(
          mapping,
          downstreamKey,
          matched(multi, mapping.dimension()),
          List.of(downstreamKey),
          false);
      return withEveryOtherKey(multi, mapping.dimension(), downstreamKey);
    }
    String key = part((MultiPartitionSet) downstream, mapping.dimension(), downstreamKey);
    return existing(mapping, downstreamKey, upstream, List.of(key), false);
  }

  private static List<String> dimensionDownstream(
      PartitionMapping.SingleDimension mapping,
      PartitionSet upstream,
      String upstreamKey,
      PartitionSet downstream) {
    if (downstream instanceof MultiPartitionSet multi) {
      return matched(multi, mapping.dimension()).contains(upstreamKey)
          ? withEveryOtherKey(multi, mapping.dimension(), upstreamKey)
          : List.of();
    }
    String key = part((MultiPartitionSet) upstream, mapping.dimension(), upstreamKey);
    return downstream.contains(key) ? List.of(key) : List.of();
  }

  private static boolean isFirst(MultiPartitionSet multi, String dimension) {
    return multi.definition().first().name().equals(dimension);
  }

  /** The keys of the dimension named {@code dimension}. */
  private static PartitionSet matched(MultiPartitionSet multi, String dimension) {
    return isFirst(multi, dimension) ? multi.first() : multi.second();
  }

  /** The part of multi key {@code key} that belongs to {@code dimension}. */
  private static String part(MultiPartitionSet multi, String dimension, String key) {
    String[] parts = multi.parts(key);
    return isFirst(multi, dimension) ? parts[0] : parts[1];
  }

  /**
   * Every multi key whose {@code dimension} part is {@code key}, in the other dimension's order.
   */
  private static List<String> withEveryOtherKey(
      MultiPartitionSet multi, String dimension, String key) {
    boolean first = isFirst(multi, dimension);
    PartitionSet other = first ? multi.second() : multi.first();
    List<String> keys = new ArrayList<>();
    for (String otherKey : other.keys()) {
      keys.add(
          first ? MultiPartitionSet.join(key, otherKey) : MultiPartitionSet.join(otherKey, key));
    }
    return keys;
  }

  // ---- compatibility ----

  private static void requireFits(
      PartitionMapping mapping, PartitionsDefinition upstream, PartitionsDefinition downstream) {
    problem(mapping, upstream, downstream)
        .ifPresent(
            reason -> {
              throw new IllegalArgumentException(
                  mapping.describe()
                      + " mapping from "
                      + describe(upstream)
                      + " to "
                      + describe(downstream)
                      + " does not fit: "
                      + reason);
            });
  }

  private static Optional<String> identityProblem(
      PartitionsDefinition upstream, PartitionsDefinition downstream) {
    if (upstream instanceof TimeWindowed up && downstream instanceof TimeWindowed down) {
      if (up.cadence() != down.cadence() || !up.timezone().equals(down.timezone())) {
        return Optional.of(
            "identity needs the same cadence and timezone on both sides, and they are "
                + up.cadence().label()
                + " in "
                + up.timezone().getId()
                + " upstream and "
                + down.cadence().label()
                + " in "
                + down.timezone().getId()
                + " downstream; use @MapPartitions(TIME_WINDOW) to read the overlapping windows");
      }
      return Optional.empty();
    }
    if (isKeyList(upstream) && isKeyList(downstream)) {
      if (upstream instanceof PartitionsDefinition.Static up
          && downstream instanceof PartitionsDefinition.Static down
          && !up.keys().containsAll(down.keys())) {
        List<String> absent = down.keys().stream().filter(k -> !up.keys().contains(k)).toList();
        return Optional.of(
            "identity reads the upstream partition with the same key, and the upstream has no "
                + absent
                + "; add them upstream or remove them downstream");
      }
      return Optional.empty();
    }
    if (upstream instanceof Multi up && downstream instanceof Multi down) {
      Optional<String> first = identityProblem(up.first().definition(), down.first().definition());
      Optional<String> second =
          identityProblem(up.second().definition(), down.second().definition());
      return first.or(() -> second).map(reason -> "between the dimensions, " + reason);
    }
    return Optional.of(
        "identity needs keys of one shape on both sides, and they are "
            + upstream.describe()
            + " upstream and "
            + downstream.describe()
            + " downstream");
  }

  private static Optional<String> dimensionProblem(
      String dimension, PartitionsDefinition upstream, PartitionsDefinition downstream) {
    if ((upstream instanceof Multi) == (downstream instanceof Multi)) {
      return Optional.of(
          "a dimension mapping connects multi partitions to single ones, and "
              + (upstream instanceof Multi ? "both sides are" : "neither side is")
              + " multi");
    }
    Multi multi = upstream instanceof Multi m ? m : (Multi) downstream;
    PartitionsDefinition single = multi == upstream ? downstream : upstream;
    Optional<Dimension> named =
        multi.dimensions().stream().filter(d -> d.name().equals(dimension)).findFirst();
    if (named.isEmpty()) {
      return Optional.of(
          "multi partitions \""
              + multi.name()
              + "\" has no dimension \""
              + dimension
              + "\"; its dimensions are \""
              + multi.first().name()
              + "\" and \""
              + multi.second().name()
              + "\"");
    }
    return identityProblem(named.get().definition(), single)
        .map(reason -> "dimension \"" + dimension + "\" does not match: " + reason);
  }

  /** Whether the keys of the two definitions mean the same thing, so a default may match them. */
  private static boolean sameShape(PartitionsDefinition a, PartitionsDefinition b) {
    if (a instanceof TimeWindowed x && b instanceof TimeWindowed y) {
      return x.cadence() == y.cadence() && x.timezone().equals(y.timezone());
    }
    if (a instanceof PartitionsDefinition.Static x && b instanceof PartitionsDefinition.Static y) {
      return x.keys().containsAll(y.keys()) || y.keys().containsAll(x.keys());
    }
    return a.equals(b);
  }

  private static boolean isKeyList(PartitionsDefinition definition) {
    return definition instanceof PartitionsDefinition.Static
        || definition instanceof PartitionsDefinition.Dynamic;
  }

  // ---- missing keys ----

  private static List<String> existing(
      PartitionMapping mapping,
      String downstreamKey,
      PartitionSet upstream,
      List<String> wanted,
      boolean allowMissing) {
    List<String> missing = wanted.stream().filter(k -> !upstream.contains(k)).toList();
    if (!missing.isEmpty() && !allowMissing) {
      throw missing(mapping, downstreamKey, missing, upstream);
    }
    Set<String> found = new LinkedHashSet<>(wanted);
    found.removeAll(missing);
    return List.copyOf(found);
  }

  private static MissingUpstreamPartitionsException missing(
      PartitionMapping mapping, String downstreamKey, List<String> missing, PartitionSet upstream) {
    List<String> keys = upstream.keys();
    String range =
        keys.isEmpty()
            ? "it has no partitions yet"
            : keys.size() == 1
                ? "its only partition is " + keys.getFirst()
                : "its partitions run " + keys.getFirst() + "..." + keys.getLast();
    String fix =
        mapping instanceof PartitionMapping.TimeWindowOffset offset
            ? "start the downstream partitions later, or set allowMissing = true on"
                + " @MapPartitions(value = TIME_WINDOW, offset = "
                + offset.offset()
                + ") to run without them"
            : "materialize a partition that exists upstream, or add the key upstream first";
    return new MissingUpstreamPartitionsException(
        downstreamKey,
        missing,
        mapping,
        "partition "
            + downstreamKey
            + " reads "
            + String.join(", ", missing)
            + " upstream (mapping: "
            + mapping.describe()
            + "), but "
            + (missing.size() == 1
                ? "that is not an upstream partition"
                : "those are not upstream partitions")
            + " ("
            + upstream.definition().describe()
            + "; "
            + range
            + "). Fix: "
            + fix
            + ".");
  }
}
