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

/** How a set of selected assets came about, so launching can name it in the selection syntax. */
export type SelectionOrigin =
  { kind: "keys" } | { kind: "upstream"; root: string } | { kind: "downstream"; root: string };

/** The selection string a run is launched with: `*key`, `key*`, or the keys joined by commas. */
export function selectionString(keys: Iterable<string>, origin: SelectionOrigin): string {
  if (origin.kind === "upstream") return `*${origin.root}`;
  if (origin.kind === "downstream") return `${origin.root}*`;
  return [...keys].sort().join(",");
}
