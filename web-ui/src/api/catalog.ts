/**
 * The catalog's wire shapes (control-plane `assets` and `codelocations` packages), typed by hand
 * from the catalog engineer's working tree until those routes are committed and in
 * `openapi/materia.yml`. Then these become `components["schemas"][…]` aliases in `model.ts` and
 * this file goes away; keep the names equal to the Java records so that switch is mechanical.
 */

/** Whether an asset's data is up to date with its code and its upstream assets. */
export type Freshness = "FRESH" | "STALE" | "MISSING";

export interface AssetPartitions {
  /** `DAILY`, `STATIC`, `MULTI`, … */
  kind: string;
  description: string;
}

export interface Materialization {
  runId: string;
  partitionKey?: string | null;
  materializedAt: string;
  dataVersion: string;
  codeVersion?: string | null;
  metadata: Record<string, unknown>;
}

export interface PartitionCounts {
  total?: number | null;
  materialized: number;
  failed: number;
  inProgress: number;
  missing?: number | null;
}

export interface AssetCheck {
  name: string;
  blocking: boolean;
  description: string;
  passed?: boolean | null;
  severity?: string | null;
  evaluatedAt?: string | null;
  runId?: string | null;
}

export interface Asset {
  key: string;
  codeLocation: string;
  group: string;
  description: string;
  owners: string[];
  tags: Record<string, string>;
  kinds: string[];
  codeVersion?: string | null;
  partitions?: AssetPartitions | null;
  latestMaterialization?: Materialization | null;
  partitionCounts?: PartitionCounts | null;
  checks: AssetCheck[];
  freshness: Freshness;
}

export interface AssetPage {
  items: Asset[];
  total: number;
  nextCursor?: string | null;
}

export type PartitionsKind =
  "HOURLY" | "DAILY" | "WEEKLY" | "MONTHLY" | "STATIC" | "DYNAMIC" | "MULTI";

export interface PartitionsSnapshot {
  kind: PartitionsKind;
  description: string;
  start?: string | null;
  end?: string | null;
  timezone?: string | null;
  staticKeys: string[];
  name?: string | null;
  dimensions: { name: string; partitions: PartitionsSnapshot }[];
}

export interface AssetDetail {
  asset: Asset;
  upstream: string[];
  downstream: string[];
  partitionsDefinition?: PartitionsSnapshot | null;
  ioManager?: string | null;
}

export interface MaterializationPage {
  items: Materialization[];
  nextCursor?: string | null;
}

export interface GraphNode {
  key: string;
  group: string;
  codeLocation: string;
  kinds: string[];
  partitioned: boolean;
  materializedAt?: string | null;
  freshness: Freshness;
}

export interface GraphEdge {
  /** `from` is read by `to`. */
  from: string;
  to: string;
}

export interface AssetGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface CodeLocation {
  name: string;
  deployment: string;
  artifact: string;
  version: string;
  status: "PENDING" | "LOADING" | "LOADED" | "FAILED";
  loadError?: { className: string; message: string } | null;
  snapshot?: {
    contentHash: string;
    version?: string | null;
    uploadedAt: string;
    assetCount: number;
    checkCount: number;
  } | null;
  createdAt: string;
  updatedAt: string;
}

/** Catalog routes not yet in the committed OpenAPI copy; each leaves this list when it lands. */
export type PendingPath =
  | "/api/v1/orgs/{org}/deployments/{deployment}/assets"
  | "/api/v1/orgs/{org}/deployments/{deployment}/assets/{+key}"
  | "/api/v1/orgs/{org}/deployments/{deployment}/asset-materializations/{+key}"
  | "/api/v1/orgs/{org}/deployments/{deployment}/asset-graph"
  | "/api/v1/orgs/{org}/deployments/{deployment}/code-locations";
