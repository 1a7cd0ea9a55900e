import type { Staleness, PartitionCounts } from "../api/catalog";

/** What the console shows for an asset, in the order a person should look at them. */
export const STATUSES = ["failed", "running", "stale", "missing", "upToDate"] as const;
export type AssetStatus = (typeof STATUSES)[number];

export const STATUS_LABEL: Record<AssetStatus, string> = {
  upToDate: "Up to date",
  stale: "Stale",
  failed: "Failed",
  running: "Running",
  missing: "Never materialized",
};

/**
 * Fill colors, each with a label or a pattern beside it (color is never the only signal). Each has
 * at least 4.5:1 contrast with white text.
 */
export const STATUS_COLOR: Record<AssetStatus, string> = {
  upToDate: "#1e7a43",
  stale: "#8a5a00",
  failed: "#b42318",
  running: "#2f5bd3",
  missing: "#5f6b7e",
};

/** What runs say about an asset beyond its stored data: a run in flight, or the latest one failed. */
export type RunVerdict = "running" | "failed";

/**
 * An asset's status: a run in flight wins, then a failure newer than its data, then partitions in
 * progress or failed, then staleness.
 */
export function statusOf(
  staleness: Staleness,
  verdict?: RunVerdict,
  partitions?: PartitionCounts | null,
): AssetStatus {
  if (verdict === "running" || (partitions && partitions.inProgress > 0)) {
    return "running";
  }
  if (verdict === "failed" || (partitions && partitions.failed > 0)) {
    return "failed";
  }
  switch (staleness) {
    case "UP_TO_DATE":
      return "upToDate";
    case "STALE":
      return "stale";
    default:
      return "missing";
  }
}
