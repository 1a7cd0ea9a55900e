import type { components } from "./schema";

/**
 * The catalog's types as the console uses them: the generated OpenAPI schemas, with two
 * corrections. Metadata maps hold any JSON (the generator types `Map<String, Object>` as empty
 * objects). The server once left empty lists and maps out of its answers (serde's default); it
 * now sends them, and the `normalize…` functions below still fill in any that are missing.
 */
type Schemas = components["schemas"];

export type Staleness = Schemas["Staleness"];
export type AssetPartitions = Schemas["Asset.Partitions"];
export type PartitionCounts = Schemas["Asset.PartitionCounts"];
export type AssetCheck = Schemas["Asset.Check"];
export type Materialization = Omit<Schemas["Asset.Materialization"], "metadata"> & {
  metadata: Record<string, unknown>;
};
/** The one word the console shows for an asset, computed by the server. */
export type AssetStatus = Schemas["AssetStatus"];
export type Asset = Omit<Schemas["Asset"], "latestMaterialization"> & {
  latestMaterialization?: Materialization | null;
};
export type AssetPage = Omit<Schemas["AssetPage"], "items"> & { items: Asset[] };
export type PartitionsKind = Schemas["PartitionsKind"];
export type PartitionsSnapshot = Schemas["PartitionsSnapshot"];
export type AssetDetail = Omit<Schemas["AssetDetail"], "asset"> & { asset: Asset };
export type MaterializationPage = Omit<Schemas["MaterializationPage"], "items"> & {
  items: Materialization[];
};
export type GraphNode = Schemas["AssetGraph.Node"];
export type GraphEdge = Schemas["AssetGraph.Edge"];
export type AssetGraph = Omit<Schemas["AssetGraph"], "nodes"> & { nodes: GraphNode[] };
export type CodeLocation = Schemas["CodeLocation"];
export type CheckHistory = Schemas["CheckHistory"];
export type CheckEvaluation = Schemas["CheckHistory.Evaluation"];

/** One partition runs have touched (`GET …/asset-partitions/{key}`). */
export type PartitionState = Omit<Schemas["PartitionPage.Partition"], "status"> & {
  status: "materialized" | "failed" | "in_progress";
};
export type PartitionPage = Omit<Schemas["PartitionPage"], "items"> & { items: PartitionState[] };
/** The keys that exist now, as the server computes them in the partitions' timezone. */
export type AssetPartitionKeys = Schemas["AssetPartitionKeys"];

export function normalizeMaterialization(m: Materialization): Materialization {
  return { ...m, metadata: m.metadata ?? {} };
}

/** The staleness causes, which the server sends (filled in for an answer without them). */
function normalizeState<T extends { stalenessCauses?: string[] }>(
  item: T,
): T & { stalenessCauses: string[] } {
  return { ...item, stalenessCauses: item.stalenessCauses ?? [] };
}

export function normalizeAsset(a: Asset): Asset {
  return {
    ...normalizeState(a),
    owners: a.owners ?? [],
    tags: a.tags ?? {},
    kinds: a.kinds ?? [],
    checks: a.checks ?? [],
    latestMaterialization: a.latestMaterialization
      ? normalizeMaterialization(a.latestMaterialization)
      : null,
  };
}

export function normalizeAssetPage(page: AssetPage): AssetPage {
  return { ...page, items: (page.items ?? []).map(normalizeAsset) };
}

function normalizePartitions(p: PartitionsSnapshot): PartitionsSnapshot {
  return {
    ...p,
    staticKeys: p.staticKeys ?? [],
    dimensions: (p.dimensions ?? []).map((d) => ({
      ...d,
      partitions: normalizePartitions(d.partitions),
    })),
  };
}

export function normalizeAssetDetail(detail: AssetDetail): AssetDetail {
  return {
    ...detail,
    asset: normalizeAsset(detail.asset),
    upstream: detail.upstream ?? [],
    downstream: detail.downstream ?? [],
    partitionsDefinition: detail.partitionsDefinition
      ? normalizePartitions(detail.partitionsDefinition)
      : null,
  };
}

export function normalizeMaterializationPage(page: MaterializationPage): MaterializationPage {
  return { ...page, items: (page.items ?? []).map(normalizeMaterialization) };
}

export function normalizeGraph(graph: AssetGraph): AssetGraph {
  return {
    nodes: (graph.nodes ?? []).map((n) => ({ ...normalizeState(n), kinds: n.kinds ?? [] })),
    edges: graph.edges ?? [],
  };
}
