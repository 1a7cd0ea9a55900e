import type { AssetStatus } from "../api/catalog";

export type { AssetStatus } from "../api/catalog";

/**
 * The statuses the server gives an asset (`status`), in the order a person should look at them.
 * The console derives none of its own: it shows the server's word.
 */
export const STATUSES = ["FAILED", "RUNNING", "STALE", "MISSING", "UP_TO_DATE"] as const;

export const STATUS_LABEL: Record<AssetStatus, string> = {
  UP_TO_DATE: "Up to date",
  STALE: "Stale",
  FAILED: "Failed",
  RUNNING: "Running",
  MISSING: "Never materialized",
};

/**
 * Fill colors, each with a label or a pattern beside it (color is never the only signal). Each has
 * at least 4.5:1 contrast with white text.
 */
export const STATUS_COLOR: Record<AssetStatus, string> = {
  UP_TO_DATE: "#1e7a43",
  STALE: "#8a5a00",
  FAILED: "#b42318",
  RUNNING: "#2f5bd3",
  MISSING: "#5f6b7e",
};

/** A status as the catalog's address spells it (`?status=up_to_date`), and back. */
export const statusParam = (status: AssetStatus) => status.toLowerCase();
export function statusFromParam(param: string | null | undefined): AssetStatus | undefined {
  const status = param?.toUpperCase();
  return (STATUSES as readonly string[]).includes(status ?? "")
    ? (status as AssetStatus)
    : undefined;
}
