import type { GraphNode } from "../api/catalog";
import type { Run } from "../api/model";
import type { GraphIndex } from "./selection";
import type { RunVerdict } from "./status";

/** An asset's newest run, as the server sends it with the asset (`latestRun`). */
export type LatestRun = NonNullable<GraphNode["latestRun"]>;

const IN_FLIGHT = new Set(["QUEUED", "STARTING", "STARTED"]);

/**
 * What runs say about each asset; its newest run decides — in flight means running, a failure
 * newer than the asset's latest materialization means failed. The newest run is the one the server
 * sent with the asset (`latestRun`, the whole history), unless one of the newest runs the console
 * polls more often is at least as new. A run's assets are its `assetKeys`, which the server resolved
 * from its selection at launch (the one selection parser is the server's).
 */
export function runVerdicts(index: GraphIndex, runs: Run[]): Map<string, RunVerdict> {
  const newest = new Map<string, LatestRun>();
  for (const [key, node] of index.nodes) {
    if (node.latestRun) newest.set(key, node.latestRun);
  }
  // Runs come newest first, as the API lists them: the first naming an asset is its newest.
  const decided = new Set<string>();
  for (const run of runs) {
    for (const key of run.assetKeys ?? []) {
      if (decided.has(key)) continue;
      decided.add(key);
      const known = newest.get(key);
      if (!known || Date.parse(run.createdAt) >= Date.parse(known.createdAt)) {
        newest.set(key, {
          runId: run.id,
          status: run.status,
          createdAt: run.createdAt,
          finishedAt: run.finishedAt ?? null,
        });
      }
    }
  }
  const verdicts = new Map<string, RunVerdict>();
  for (const [key, run] of newest) {
    const verdict = verdictOf(run, index.nodes.get(key)?.materializedAt);
    if (verdict) verdicts.set(key, verdict);
  }
  return verdicts;
}

/** What one run says about an asset last materialized at `materializedAt` (null: never). */
export function verdictOf(
  run: LatestRun,
  materializedAt: string | null | undefined,
): RunVerdict | undefined {
  if (IN_FLIGHT.has(run.status)) return "running";
  if (run.status !== "FAILURE") return undefined;
  const failedAt = run.finishedAt ?? run.createdAt;
  return !materializedAt || Date.parse(failedAt) > Date.parse(materializedAt)
    ? "failed"
    : undefined;
}
