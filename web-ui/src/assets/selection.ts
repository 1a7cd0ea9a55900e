import type { GraphNode } from "../api/catalog";

/** An asset graph indexed for walking: each key's node, parents and children. */
export interface GraphIndex {
  nodes: Map<string, GraphNode>;
  upstream: Map<string, string[]>;
  downstream: Map<string, string[]>;
}

export function indexGraph(nodes: GraphNode[], edges: { from: string; to: string }[]): GraphIndex {
  const index: GraphIndex = { nodes: new Map(), upstream: new Map(), downstream: new Map() };
  for (const node of nodes) {
    index.nodes.set(node.key, node);
    index.upstream.set(node.key, []);
    index.downstream.set(node.key, []);
  }
  for (const { from, to } of edges) {
    index.downstream.get(from)?.push(to);
    index.upstream.get(to)?.push(from);
  }
  return index;
}

/** Keys reachable from `roots` along `direction`, up to `depth` steps (Infinity for all). */
export function walk(
  index: GraphIndex,
  roots: Iterable<string>,
  direction: "upstream" | "downstream",
  depth = Infinity,
): Set<string> {
  const edges = index[direction];
  const seen = new Set<string>();
  let frontier = [...roots].filter((k) => index.nodes.has(k));
  frontier.forEach((k) => seen.add(k));
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const next: string[] = [];
    for (const key of frontier) {
      for (const neighbour of edges.get(key) ?? []) {
        if (!seen.has(neighbour)) {
          seen.add(neighbour);
          next.push(neighbour);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

// Naming a launch lives with launching; re-exported for the pages that walk the graph.
export { selectionString, type SelectionOrigin } from "../launch/launch";
