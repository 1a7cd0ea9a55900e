package dev.materia.controlplane.codelocations;

/**
 * The rules a code location snapshot keeps before the control plane stores it; {@link
 * SnapshotValidator} names the one each refusal breaks. Limits are in {@link SnapshotValidator}.
 */
public enum SnapshotRule {
  /** An entry of {@code assets}, {@code checks} or {@code schedules} is null. */
  NULL_ENTRY,
  /** More assets than {@link SnapshotValidator#MAX_ASSETS}. */
  TOO_MANY_ASSETS,
  /** More checks than {@link SnapshotValidator#MAX_CHECKS}. */
  TOO_MANY_CHECKS,
  /** More schedules than {@link SnapshotValidator#MAX_SCHEDULES}. */
  TOO_MANY_SCHEDULES,
  /** An asset key longer than {@link SnapshotValidator#MAX_KEY}. */
  KEY_TOO_LONG,
  /** A name, label, tag, cron, timezone, selection or version over its length limit. */
  TEXT_TOO_LONG,
  /** A description longer than {@link SnapshotValidator#MAX_DESCRIPTION}. */
  DESCRIPTION_TOO_LONG,
  /** An asset with more tags, owners or kinds than {@link SnapshotValidator#MAX_LABELS}. */
  TOO_MANY_LABELS,
  /** Two assets with one key. */
  DUPLICATE_ASSET,
  /** A dependency that names no asset of the snapshot. */
  DANGLING_DEPENDENCY,
  /** Dependencies that lead back to where they started. */
  CYCLE,
  /** A partitions definition that does not make a definition (e.g. a daily start at 05:00). */
  PARTITIONS_INVALID,
  /**
   * A static partitions definition with more keys than {@link SnapshotValidator#MAX_STATIC_KEYS}.
   */
  TOO_MANY_PARTITION_KEYS,
  /** A check on an asset the snapshot does not have. */
  CHECK_ON_UNKNOWN_ASSET,
  /** Two checks with one name on one asset. */
  DUPLICATE_CHECK,
  /** Two schedules with one name. */
  DUPLICATE_SCHEDULE,
  /** A cron that is not a five-field Unix cron expression. */
  CRON_INVALID,
  /** A timezone that is not a known zone id. */
  TIMEZONE_INVALID,
  /** A schedule selection that does not parse. */
  SELECTION_INVALID,
  /** A schedule selection that selects no asset of the snapshot. */
  SELECTION_SELECTS_NOTHING
}
