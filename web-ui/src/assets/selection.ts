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

/**
 * Evaluates DESIGN.md's selection syntax over the graph: `key`, `+key` / `*key` for parents /
 * ancestors, `key+` / `key*` for children / descendants, `group:g`, `kind:k`, commas for union.
 * `tag:` and `owner:` need what the graph does not carry, so they select nothing here (the server
 * resolves them for runs). Unknown keys select nothing.
 */
export function evaluateSelection(index: GraphIndex, selection: string): Set<string> {
  const result = new Set<string>();
  for (const raw of selection.split(",")) {
    const token = raw.trim();
    if (!token) continue;
    const colon = /^(group|kind|tag|owner):(.*)$/.exec(token);
    if (colon) {
      const [, attribute, value] = colon;
      for (const node of index.nodes.values()) {
        if (
          (attribute === "group" && node.group === value) ||
          (attribute === "kind" && node.kinds.includes(value))
        ) {
          result.add(node.key);
        }
      }
      continue;
    }
    const match = /^(\*|\++)?(.*?)(\*|\++)?$/.exec(token)!;
    const [, before, key, after] = match;
    if (!index.nodes.has(key)) continue;
    result.add(key);
    if (before) {
      walk(index, [key], "upstream", before === "*" ? Infinity : before.length).forEach((k) =>
        result.add(k),
      );
    }
    if (after) {
      walk(index, [key], "downstream", after === "*" ? Infinity : after.length).forEach((k) =>
        result.add(k),
      );
    }
  }
  return result;
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
