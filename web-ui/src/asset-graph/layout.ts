import type { ElkNode } from "elkjs/lib/elk-api";
import type { AssetGraph } from "../api/catalog";

/** Graphs larger than this open with every group collapsed. */
export const COLLAPSE_ABOVE = 300;
// Tall enough for the key, the status line and the time line, none cut off.
export const ASSET_SIZE = { width: 240, height: 76 };
export const GROUP_SIZE = { width: 250, height: 84 };
/** Room inside an open group's frame: its header above, a margin around. */
export const FRAME_PADDING = { top: 44, side: 16 };

/** A box on the canvas: an asset, a collapsed group standing for its assets, or an open group's frame. */
export interface VisibleNode {
  id: string;
  kind: "asset" | "group" | "frame";
  /** the asset key, or the group name */
  label: string;
  group: string;
  /** the assets it stands for: itself, or every asset of the group */
  keys: string[];
  /** for an asset of an open group: its frame's id */
  parent?: string;
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
export const frameId = (group: string) => `frame:${group}`;

/** The groups expanded when a graph first opens: all of them for a small graph, none for a large one. */
export function initiallyExpanded(graph: AssetGraph): Set<string> {
  return graph.nodes.length > COLLAPSE_ABOVE ? new Set() : new Set(graph.nodes.map((n) => n.group));
}

/**
 * What the canvas shows: one box per collapsed group, a frame per open group holding its assets,
 * and the edges between boxes and assets (dependencies inside a collapsed group disappear;
 * parallel ones merge and count).
 */
export function visibleGraph(graph: AssetGraph, expanded: ReadonlySet<string>): VisibleGraph {
  const boxOf = new Map<string, string>();
  const nodes: VisibleNode[] = [];
  const groups = new Map<string, VisibleNode>();
  for (const node of graph.nodes) {
    let box = groups.get(node.group);
    const open = expanded.has(node.group);
    if (!box) {
      box = open
        ? { id: frameId(node.group), kind: "frame", label: node.group, group: node.group, keys: [] }
        : {
            id: groupId(node.group),
            kind: "group",
            label: node.group,
            group: node.group,
            keys: [],
          };
      groups.set(node.group, box);
      nodes.push(box);
    }
    box.keys.push(node.key);
    if (open) {
      boxOf.set(node.key, node.key);
      nodes.push({
        id: node.key,
        kind: "asset",
        label: node.key,
        group: node.group,
        keys: [node.key],
        parent: box.id,
      });
    } else {
      boxOf.set(node.key, box.id);
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

/** What the page sends the layout worker: boxes (an asset names its frame) and edges. */
export interface LayoutRequest {
  /** answers carry it back, so a stale answer can be told from the current one */
  id: number;
  /** frames have no size: the worker sizes them around their children */
  nodes: { id: string; width?: number; height?: number; parent?: string }[];
  edges: { source: string; target: string; count: number }[];
}

/** What the worker answers: top-left corner (absolute) per node and frame sizes, or an error. */
export type LayoutResponse =
  | {
      id: number;
      positions: Record<string, { x: number; y: number }>;
      sizes: Record<string, { width: number; height: number }>;
      millis: number;
    }
  | { id: number; error: string };

export function layoutRequest(id: number, graph: VisibleGraph): LayoutRequest {
  return {
    id,
    nodes: graph.nodes.map((n) =>
      n.kind === "frame"
        ? { id: n.id }
        : n.kind === "group"
          ? { id: n.id, ...GROUP_SIZE }
          : { id: n.id, ...ASSET_SIZE, parent: n.parent },
    ),
    edges: graph.edges.map((e) => ({ source: e.source, target: e.target, count: e.count })),
  };
}

type Edge = { source: string; target: string; count: number };

/**
 * The edges ELK is given, at most `perNode` into each node: those spanning the fewest layers of a
 * longest-path layering, then the heaviest. Long edges become chains of dummy nodes in a layered
 * layout, and with them ELK takes seconds to minutes on dense graphs; every edge is still drawn.
 */
export function edgesForLayout(nodes: string[], edges: Edge[], perNode: number): Edge[] {
  const parents = new Map<string, Edge[]>(nodes.map((n) => [n, []]));
  for (const edge of edges) parents.get(edge.target)?.push(edge);
  const layer = new Map<string, number>();
  const onPath = new Set<string>();
  // Iterative depth-first longest path; an edge closing a cycle is ignored for layering.
  for (const start of nodes) {
    if (layer.has(start)) continue;
    const stack: { node: string; next: number }[] = [{ node: start, next: 0 }];
    onPath.add(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const incoming = parents.get(top.node)!;
      if (top.next < incoming.length) {
        const parent = incoming[top.next++].source;
        if (!layer.has(parent) && !onPath.has(parent) && parents.has(parent)) {
          onPath.add(parent);
          stack.push({ node: parent, next: 0 });
        }
        continue;
      }
      let level = 0;
      for (const edge of incoming) {
        const above = layer.get(edge.source);
        if (above !== undefined) level = Math.max(level, above + 1);
      }
      layer.set(top.node, level);
      onPath.delete(top.node);
      stack.pop();
    }
  }
  const kept: Edge[] = [];
  for (const node of nodes) {
    const incoming = parents.get(node)!;
    if (incoming.length <= perNode) {
      kept.push(...incoming);
      continue;
    }
    const level = layer.get(node) ?? 0;
    const span = (e: Edge) => level - (layer.get(e.source) ?? 0);
    kept.push(
      ...[...incoming].sort((a, b) => span(a) - span(b) || b.count - a.count).slice(0, perNode),
    );
  }
  return kept;
}

/** How many edges into each node ELK gets, by the size and density of the graph it lays out. */
export function perNodeBudget(nodeCount: number, edgeCount: number): number {
  if (nodeCount <= 60 && edgeCount <= 2 * nodeCount) return Infinity;
  return nodeCount <= 300 ? 2 : 1;
}

/** ELK's layered algorithm, left to right, as Dagster and most lineage views draw it. */
export function toElkGraph(
  nodes: { id: string; width: number; height: number }[],
  edges: Edge[],
): ElkNode {
  return {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.spacing.nodeNode": "24",
      "elk.layered.spacing.nodeNodeBetweenLayers": "64",
      // React Flow draws the edges, so ELK's cheapest routing will do.
      "elk.edgeRouting": "POLYLINE",
      // Disconnected pieces side by side rather than in one tall column.
      "elk.separateConnectedComponents": "true",
    },
    children: nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: edges.map((e, i) => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })),
  };
}

type Elk = { layout(graph: ElkNode): Promise<ElkNode> };

async function layOut(
  elk: Elk,
  nodes: { id: string; width: number; height: number }[],
  edges: Edge[],
) {
  const kept = edgesForLayout(
    nodes.map((n) => n.id),
    edges,
    perNodeBudget(nodes.length, edges.length),
  );
  const result = await elk.layout(toElkGraph(nodes, kept));
  const positions: Record<string, { x: number; y: number }> = {};
  let width = 0;
  let height = 0;
  for (const child of result.children ?? []) {
    positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
    width = Math.max(width, (child.x ?? 0) + (child.width ?? 0));
    height = Math.max(height, (child.y ?? 0) + (child.height ?? 0));
  }
  return { positions, width, height };
}

/**
 * The worker's whole job, as a function of an ELK instance: each open group's assets are laid out
 * on their own (their internal edges only), which sizes the group's frame; then the top level —
 * collapsed groups and frames — is laid out with the edges between them merged.
 */
export async function handleLayout(
  elk: Elk,
  request: LayoutRequest,
  clock: () => number = () => performance.now(),
): Promise<LayoutResponse> {
  const started = clock();
  try {
    const topOf = new Map<string, string>();
    const children = new Map<string, { id: string; width: number; height: number }[]>();
    const top: { id: string; width: number; height: number }[] = [];
    const sizes: Record<string, { width: number; height: number }> = {};
    for (const node of request.nodes) {
      topOf.set(node.id, node.parent ?? node.id);
      if (node.parent) {
        const list = children.get(node.parent) ?? [];
        list.push({ id: node.id, width: node.width ?? 0, height: node.height ?? 0 });
        children.set(node.parent, list);
      }
    }
    const inner = new Map<string, Record<string, { x: number; y: number }>>();
    for (const node of request.nodes) {
      if (node.parent) continue;
      if (node.width !== undefined && node.height !== undefined) {
        top.push({ id: node.id, width: node.width, height: node.height });
        continue;
      }
      const members = children.get(node.id) ?? [];
      const ids = new Set(members.map((m) => m.id));
      const internal = request.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
      const laid = await layOut(elk, members, internal);
      inner.set(node.id, laid.positions);
      const size = {
        width: Math.max(GROUP_SIZE.width, laid.width + 2 * FRAME_PADDING.side),
        height: laid.height + FRAME_PADDING.top + FRAME_PADDING.side,
      };
      sizes[node.id] = size;
      top.push({ id: node.id, ...size });
    }
    const merged = new Map<string, Edge>();
    for (const edge of request.edges) {
      const source = topOf.get(edge.source);
      const target = topOf.get(edge.target);
      if (!source || !target || source === target) continue;
      const key = `${source}->${target}`;
      const existing = merged.get(key);
      if (existing) existing.count += edge.count;
      else merged.set(key, { source, target, count: edge.count });
    }
    const outer = await layOut(elk, top, [...merged.values()]);
    const positions: Record<string, { x: number; y: number }> = { ...outer.positions };
    for (const [frame, members] of inner) {
      const origin = outer.positions[frame];
      for (const [id, at] of Object.entries(members)) {
        positions[id] = {
          x: origin.x + FRAME_PADDING.side + at.x,
          y: origin.y + FRAME_PADDING.top + at.y,
        };
      }
    }
    return { id: request.id, positions, sizes, millis: clock() - started };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}
