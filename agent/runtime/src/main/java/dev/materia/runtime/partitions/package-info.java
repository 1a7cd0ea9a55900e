/**
 * The runtime's side of partitions: reading the SDK's annotations and handing the math to the
 * shared model. Keys, ranges, time windows (with their DST rules) and mappings are computed in
 * {@link dev.materia.api.partitions} (shared-api), so the agent and the control plane agree on
 * every key; look there for the decisions on key formats, time zones, weeks, ends and mapping
 * boundaries.
 *
 * <h2>Main types</h2>
 *
 * <ul>
 *   <li>{@link dev.materia.runtime.partitions.Partitions}: reads {@code @DailyPartitions} and the
 *       others, and {@code @MapPartitions}, from asset methods, with load-time messages; converts
 *       SDK definitions, mappings and windows to and from the shared model.
 *   <li>{@link dev.materia.runtime.partitions.PartitionKeys}: the shared {@code PartitionKeys} for
 *       SDK definitions, as the planner, engine and agent call it.
 *   <li>{@link dev.materia.runtime.partitions.InMemoryDynamicPartitionsStore}: the shared in-memory
 *       store under the name runtime callers use.
 * </ul>
 */
package dev.materia.runtime.partitions;
