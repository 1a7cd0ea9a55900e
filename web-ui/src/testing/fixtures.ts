import type { Asset, AssetGraph, GraphNode } from "../api/catalog";
import type { RunEvent } from "../api/events";
import type { Run } from "../api/model";

/** Routes of deployment prod of organization acme, as the fake API keys them. */
export const PROD = "/api/v1/orgs/acme/deployments/prod";

export function asset(key: string, overrides: Partial<Asset> = {}): Asset {
  return {
    key,
    codeLocation: "seed",
    group: "sales",
    description: `The ${key} table`,
    owners: ["team:data"],
    tags: {},
    kinds: ["duckdb"],
    codeVersion: "1",
    partitions: null,
    latestMaterialization: {
      runId: "7a1c0000-0000-0000-0000-000000000001",
      partitionKey: null,
      materializedAt: "2026-11-20T10:00:00Z",
      dataVersion: "dv1",
      codeVersion: "1",
      metadata: { row_count: 10 },
    },
    partitionCounts: null,
    checks: [],
    staleness: "UP_TO_DATE",
    latestRun: null,
    // The server's status is its staleness unless a test says otherwise (a run, a failure).
    status: overrides.status ?? overrides.staleness ?? "UP_TO_DATE",
    stalenessCauses: [],
    ...overrides,
  };
}

export function node(key: string, overrides: Partial<GraphNode> = {}): GraphNode {
  return {
    key,
    group: "sales",
    codeLocation: "seed",
    kinds: ["duckdb"],
    partitioned: false,
    materializedAt: "2026-11-20T10:00:00Z",
    staleness: "UP_TO_DATE",
    latestRun: null,
    status: overrides.status ?? overrides.staleness ?? "UP_TO_DATE",
    stalenessCauses: [],
    ...overrides,
  };
}

/** The seed pipeline's shape: raw_orders → orders → sales_summary ← customers. */
export function seedGraph(): AssetGraph {
  return {
    nodes: [
      node("raw_orders"),
      node("orders"),
      node("customers", { staleness: "STALE" }),
      node("sales_summary", { staleness: "MISSING", materializedAt: null, group: "reporting" }),
    ],
    edges: [
      { from: "raw_orders", to: "orders" },
      { from: "orders", to: "sales_summary" },
      { from: "customers", to: "sales_summary" },
    ],
  };
}

/** `count` assets in `groups` groups, each reading up to three earlier ones. */
export function largeGraph(count: number, groups: number): AssetGraph {
  const nodes: GraphNode[] = [];
  const edges: { from: string; to: string }[] = [];
  for (let i = 0; i < count; i++) {
    nodes.push(node(`asset_${i}`, { group: `group_${i % groups}` }));
    for (const back of [1, 7, 31]) {
      if (i - back >= 0) edges.push({ from: `asset_${i - back}`, to: `asset_${i}` });
    }
  }
  return { nodes, edges };
}

export function run(overrides: Partial<Run> = {}): Run {
  return {
    id: "7a1c0000-0000-0000-0000-000000000001",
    deployment: "prod",
    codeLocation: "seed",
    selection: "sales_summary",
    assetKeys: [],
    partitionKey: null,
    partitionRange: null,
    tags: {},
    status: "STARTED",
    statusMessage: null,
    createdAt: "2026-11-21T10:00:00Z",
    createdBy: null,
    startedAt: "2026-11-21T10:00:01Z",
    finishedAt: null,
    cancelRequested: false,
    contiguousSeq: 0,
    ...overrides,
  };
}

const RUN = "7a1c0000-0000-0000-0000-000000000001";
const at = (second: number) => `2026-11-21T10:00:${String(second).padStart(2, "0")}Z`;

/** A run of two steps: raw_orders succeeds, sales_summary fails. */
export function runEvents(): RunEvent[] {
  return [
    {
      type: "run_started",
      runId: RUN,
      seq: 1,
      timestamp: at(1),
      selection: "*sales_summary",
      stepKeys: ["raw_orders", "sales_summary"],
    },
    {
      type: "log_line",
      runId: RUN,
      seq: 2,
      timestamp: at(1),
      stepKey: null,
      level: "INFO",
      message:
        "compute logs stay on the agent: stdout file:///var/materia/runs/r1/stdout.log, stderr file:///var/materia/runs/r1/stderr.log",
    },
    {
      type: "step_started",
      runId: RUN,
      seq: 3,
      timestamp: at(2),
      stepKey: "raw_orders",
      assetKey: "raw_orders",
      partitionKey: null,
      attempt: 1,
    },
    {
      type: "log_line",
      runId: RUN,
      seq: 4,
      timestamp: at(3),
      stepKey: "raw_orders",
      level: "WARN",
      message: "3 rows had no customer",
    },
    {
      type: "asset_materialized",
      runId: RUN,
      seq: 5,
      timestamp: at(4),
      stepKey: "raw_orders",
      assetKey: "raw_orders",
      partitionKey: null,
      dataVersion: "dv2",
      codeVersion: "1",
      inputDataVersions: {},
      metadata: { row_count: 12 },
    },
    {
      type: "step_succeeded",
      runId: RUN,
      seq: 6,
      timestamp: at(4),
      stepKey: "raw_orders",
      attempt: 1,
      durationMillis: 2000,
    },
    {
      type: "step_started",
      runId: RUN,
      seq: 7,
      timestamp: at(5),
      stepKey: "sales_summary",
      assetKey: "sales_summary",
      partitionKey: null,
      attempt: 1,
    },
    {
      type: "step_failed",
      runId: RUN,
      seq: 8,
      timestamp: at(7),
      stepKey: "sales_summary",
      attempt: 1,
      error: {
        className: "java.lang.IllegalStateException",
        message: "no rows",
        stackTrace: "java.lang.IllegalStateException: no rows\n\tat Sales.summary",
      },
    },
    {
      type: "run_finished",
      runId: RUN,
      seq: 9,
      timestamp: at(8),
      status: "FAILURE",
      durationMillis: 7000,
      message: "step sales_summary failed",
    },
  ];
}
