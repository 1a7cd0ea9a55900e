/**
 * Partitions, shared by the agent and the control plane: the pure core that turns a {@link
 * dev.materia.sdk.PartitionsDefinition} into keys and time windows, expands backfill ranges, and
 * maps downstream partitions to upstream ones. No I/O; "now" comes from a {@link java.time.Clock}
 * and dynamic keys from a {@link dev.materia.api.partitions.DynamicPartitionsStore}. There is one
 * model: the SDK's {@code PartitionsDefinition}, {@code PartitionMapping} and {@code TimeWindow}
 * (plain records that check their own arguments). The agent's runtime reads them from annotations;
 * the control plane reads them from snapshots ({@link
 * dev.materia.api.snapshot.PartitionsSnapshot#definition()}). Both then compute the same keys.
 *
 * <h2>Main types</h2>
 *
 * <ul>
 *   <li>{@link dev.materia.api.partitions.PartitionKeys}: clock + dynamic store; gives a {@link
 *       dev.materia.api.partitions.PartitionSet} per definition ({@code keys}, {@code contains},
 *       {@code check}, {@code range}, {@code expand}, {@code timeWindow}).
 *   <li>{@link dev.materia.api.partitions.PartitionMappings}: default mapping between two
 *       definitions, which mapping fits which pair, the messages, and the keys a partition reads
 *       upstream or is read by downstream.
 *   <li>{@link dev.materia.api.partitions.InvalidPartitionKeyException} and {@link
 *       dev.materia.api.partitions.MissingUpstreamPartitionsException}: what callers show users.
 * </ul>
 *
 * <h2>Decisions</h2>
 *
 * <ul>
 *   <li><b>Keys.</b> Hourly {@code 2024-01-01-13:00}; daily, weekly and monthly {@code 2024-01-01}
 *       (the first day of the window); static and dynamic as given; multi {@code first|second} in
 *       declaration order. Ranges are inclusive, {@code first...last}; a selection joins keys and
 *       ranges with commas. A multi range is a rectangle: {@code 2024-01-01|us...2024-01-31|eu} is
 *       those 31 days times the regions from us to eu.
 *   <li><b>Time zones and DST.</b> Windows follow the local wall clock of the definition's zone.
 *       Partition {@code i} spans local boundaries {@code start + i} and {@code start + i + 1}
 *       cadences; a boundary in a DST gap moves later by the gap, one in an overlap takes the
 *       earlier offset. So windows tile the timeline with no gap or overlap: a Berlin day is 23 h
 *       in March and 25 h in October; the skipped hour ({@code 2024-03-31-02:00} in Berlin) has no
 *       key; the repeated hour ({@code 2024-10-27-02:00}) is one key whose window lasts two hours.
 *       Keys never repeat, and each names a time a local clock shows.
 *   <li><b>Weeks</b> start on Monday (ISO-8601) in every locale; weekly start and end must be
 *       Mondays. Monthly start and end must be the 1st.
 *   <li><b>End.</b> {@code end} is exclusive ({@code end = 2025-01-01} ends with 2024-12-31).
 *       Without it, partitions run up to now: a partition exists once its window has ended, as read
 *       from the injected clock. With it, partitions still only exist once ended.
 *   <li><b>Boundaries of mappings.</b> A time-window mapping with an offset can point before the
 *       upstream's first partition (day 1 with offset -1) or at a window not ended yet. That fails
 *       planning with {@link dev.materia.api.partitions.MissingUpstreamPartitionsException} naming
 *       the key and the fix, because silently running without an input gives wrong data.
 *       {@code @MapPartitions(value = TIME_WINDOW, offset = -1, allowMissing = true)} opts into
 *       reading what exists, which can be nothing.
 *   <li><b>Different cadences or zones</b> map through overlapping windows: a daily partition reads
 *       the 23, 24 or 25 hourly partitions of its day; an hourly one reads the day it falls in.
 * </ul>
 */
package dev.materia.api.partitions;
