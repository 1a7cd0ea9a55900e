/**
 * The runtime's side of partitions: reading the SDK's annotations into the SDK's definitions and
 * mappings. Keys, ranges, time windows (with their DST rules) and mappings are computed from those
 * same types by {@link dev.materia.api.partitions} (shared-api), so the agent and the control plane
 * agree on every key; look there for the decisions on key formats, time zones, weeks, ends and
 * mapping boundaries.
 *
 * <h2>Main types</h2>
 *
 * <ul>
 *   <li>{@link dev.materia.runtime.partitions.Partitions}: reads {@code @DailyPartitions} and the
 *       others, and {@code @MapPartitions}, from asset methods, with load-time messages.
 *   <li>{@link dev.materia.runtime.partitions.InvalidPartitionsException}: what it throws.
 * </ul>
 */
package dev.materia.runtime.partitions;
