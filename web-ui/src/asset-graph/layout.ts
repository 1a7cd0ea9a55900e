import type { ElkNode } from "elkjs/lib/elk-api";
import type { AssetGraph } from "../api/catalog";

/** Graphs larger than this open with every group collapsed. */
export const COLLAPSE_ABOVE = 300;
export const ASSET_SIZE = { width: 220, height: 56 };
export const GROUP_SIZE = { width: 250, height: 84 };

/** A box on the canvas: one asset, or a collapsed group standing for its assets. */
export interface VisibleNode {
  id: string;
  kind: "asset" | "group";
  /** the asset key, or the group name */
  label: string;
  group: string;
  /** the assets it stands for: itself, or every asset of the group */
  keys: string[];
}

/** An edge between boxes; `count` dependencies when it joins collapsed groups. */
export interface VisibleEdge {
  id: string;
  source: string;
  target: string;
  count: number;
}

export interface VisibleGraph {
  nodes: VisibleNode[];
  edges: VisibleEdge[];
}

export const groupId = (group: string) => `group:${group}`;

/** The groups expanded when a graph first opens: all of them for a small graph, none for a large one. */
export function initiallyExpanded(graph: AssetGraph): Set<string> {
  return graph.nodes.length > COLLAPSE_ABOVE ? new Set() : new Set(graph.nodes.map((n) => n.group));
}

/**
 * What the canvas shows: assets of expanded groups, one box per collapsed group, and the edges
 * between boxes (dependencies inside a collapsed group disappear; parallel ones merge and count).
 */
export function visibleGraph(graph: AssetGraph, expanded: ReadonlySet<string>): VisibleGraph {
  const boxOf = new Map<string, string>();
  const nodes: VisibleNode[] = [];
  const groups = new Map<string, VisibleNode>();
  for (const node of graph.nodes) {
    if (expanded.has(node.group)) {
      boxOf.set(node.key, node.key);
      nodes.push({
        id: node.key,
        kind: "asset",
        label: node.key,
        group: node.group,
        keys: [node.key],
      });
    } else {
      const id = groupId(node.group);
      let box = groups.get(node.group);
      if (!box) {
        box = { id, kind: "group", label: node.group, group: node.group, keys: [] };
        groups.set(node.group, box);
        nodes.push(box);
      }
      box.keys.push(node.key);
      boxOf.set(node.key, id);
    }
  }
  const edges = new Map<string, VisibleEdge>();
  for (const { from, to } of graph.edges) {
    const source = boxOf.get(from);
    const target = boxOf.get(to);
    if (!source || !target || source === target) continue;
    const id = `${source}->${target}`;
    const edge = edges.get(id);
    if (edge) edge.count++;
    else edges.set(id, { id, source, target, count: 1 });
  }
  return { nodes, edges: [...edges.values()] };
}

/** What the page sends the layout worker. */
export interface LayoutRequest {
  /** answers carry it back, so a stale answer can be told from the current one */
  id: number;
  nodes: { id: string; width: number; height: number }[];
  edges: { id: string; source: string; target: string }[];
}

/** What the worker answers: top-left corner per node, or why it could not lay out. */
export type LayoutResponse =
  | { id: number; positions: Record<string, { x: number; y: number }>; millis: number }
  | { id: number; error: string };

export function layoutRequest(id: number, graph: VisibleGraph): LayoutRequest {
  return {
    id,
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      ...(n.kind === "group" ? GROUP_SIZE : ASSET_SIZE),
    })),
    edges: graph.edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
  };
}

/** ELK's layered algorithm, left to right, as Dagster and most lineage views draw it. */
export function toElkGraph(request: LayoutRequest): ElkNode {
  return {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.spacing.nodeNode": "24",
      "elk.layered.spacing.nodeNodeBetweenLayers": "64",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      // Disconnected pieces side by side rather than in one tall column.
      "elk.separateConnectedComponents": "true",
    },
    children: request.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: request.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
}

export function fromElkGraph(id: number, laidOut: ElkNode, millis: number): LayoutResponse {
  const positions: Record<string, { x: number; y: number }> = {};
  for (const child of laidOut.children ?? []) {
    positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
  }
  return { id, positions, millis };
}

/** The worker's whole job, as a function of an ELK instance: request in, response out. */
export async function handleLayout(
  elk: { layout(graph: ElkNode): Promise<ElkNode> },
  request: LayoutRequest,
  clock: () => number = () => performance.now(),
): Promise<LayoutResponse> {
  const started = clock();
  try {
    const laidOut = await elk.layout(toElkGraph(request));
    return fromElkGraph(request.id, laidOut, clock() - started);
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}
