import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../api/endpoints";
import type { LaunchRequest, Run } from "../api/model";
import { keys } from "../api/queries";

/** How a set of selected assets came about, so launching can name it in the selection syntax. */
export type SelectionOrigin =
  { kind: "keys" } | { kind: "upstream"; root: string } | { kind: "downstream"; root: string };

/** The selection string a run is launched with: `*key`, `key*`, or the keys joined by commas. */
export function selectionString(keys: Iterable<string>, origin: SelectionOrigin): string {
  if (origin.kind === "upstream") return `*${origin.root}`;
  if (origin.kind === "downstream") return `${origin.root}*`;
  return [...keys].sort().join(",");
}

/** An asset to launch: its key, the code location holding it, and whether it has partitions. */
export interface LaunchTarget {
  key: string;
  codeLocation: string;
  partitioned: boolean;
}

/** Which partitions to run: none (an unpartitioned asset), one key, or an inclusive range. */
export type PartitionChoice =
  { kind: "none" } | { kind: "key"; key: string } | { kind: "range"; first: string; last: string };

export const NO_PARTITION: PartitionChoice = { kind: "none" };

/**
 * The run that launches `targets`, named by `origin`, with the chosen partitions. One run even when
 * the keys span code locations: the server plans it per location. `codeLocation` is named when one
 * location holds them all. The server checks the keys and names the field it refuses
 * (`partitionKey`, `partitionRange.first`, …).
 */
export function launchRequest(
  targets: LaunchTarget[],
  origin: SelectionOrigin,
  partitions: PartitionChoice,
): LaunchRequest {
  const locations = new Set(targets.map((t) => t.codeLocation));
  const request: LaunchRequest = {
    selection: selectionString(
      targets.map((t) => t.key),
      origin,
    ),
    tags: { trigger: "console" },
  };
  if (locations.size === 1) request.codeLocation = [...locations][0];
  if (partitions.kind === "key") request.partitionKey = partitions.key;
  if (partitions.kind === "range") {
    request.partitionRange = { first: partitions.first, last: partitions.last };
    request.tags = { trigger: "console", backfill: `${partitions.first}..${partitions.last}` };
  }
  return request;
}

/** Launching from the console: the one path the lineage graph, the asset page and the catalog use. */
export function useLaunch(org: string, deployment: string) {
  const client = useQueryClient();
  const [launched, setLaunched] = useState<Run[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [launching, setLaunching] = useState(false);
  const launch = async (requests: LaunchRequest[]) => {
    setLaunching(true);
    setError(null);
    setLaunched([]);
    try {
      const runs: Run[] = [];
      for (const request of requests) runs.push(await api.launchRun(org, deployment, request));
      setLaunched(runs);
      void client.invalidateQueries({ queryKey: keys.runs(org, deployment) });
    } catch (e) {
      setError(e);
    } finally {
      setLaunching(false);
    }
  };
  const reset = () => {
    setError(null);
    setLaunched([]);
  };
  return { launch, launched, error, launching, reset };
}
