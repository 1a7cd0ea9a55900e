import type { Run } from "../api/model";
import { evaluateSelection, type GraphIndex } from "./selection";
import type { RunVerdict } from "./status";

const IN_FLIGHT = new Set(["QUEUED", "STARTING", "STARTED"]);

/**
 * What the newest runs say about each asset: the newest run whose assets (`assetKeys`, resolved by
 * the server at launch; the selection evaluated here for runs that lack them) include it decides
 * — in flight means running; a failure newer than the asset's latest materialization means failed.
 * Runs come newest first, as the API lists them.
 */
export function runVerdicts(index: GraphIndex, runs: Run[]): Map<string, RunVerdict> {
  const verdicts = new Map<string, RunVerdict>();
  const decided = new Set<string>();
  for (const run of runs) {
    const keys = run.assetKeys?.length ? run.assetKeys : evaluateSelection(index, run.selection);
    for (const key of keys) {
      if (decided.has(key)) continue;
      decided.add(key);
      if (IN_FLIGHT.has(run.status)) {
        verdicts.set(key, "running");
      } else if (run.status === "FAILURE") {
        const materializedAt = index.nodes.get(key)?.materializedAt;
        const failedAt = run.finishedAt ?? run.createdAt;
        if (!materializedAt || Date.parse(failedAt) > Date.parse(materializedAt)) {
          verdicts.set(key, "failed");
        }
      }
    }
  }
  return verdicts;
}
