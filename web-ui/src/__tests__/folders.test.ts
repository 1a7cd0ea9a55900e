import { describe, expect, it } from "vitest";

/** The folders every feature may use; they import no feature (as the control plane's `access`). */
const GROUND = ["api", "ui", "workspace"];

// Every source file's text (tests import test support freely, so they are left out).
const sources = import.meta.glob<string>(
  ["../**/*.{ts,tsx}", "!../**/__tests__/**", "!../api/schema.d.ts"],
  { query: "?raw", import: "default", eager: true },
);

/** The folder under src/ of a path like `../runs/RunsPage.tsx` (`.` for src/main.tsx). */
function folderOf(path: string): string {
  const parts = path.replace(/^\.\.\//, "").split("/");
  return parts.length > 1 ? parts[0] : ".";
}

/** Which src/ folders each folder imports (static and dynamic relative imports). */
export function folderImports(files: Record<string, string>): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const specifier = /(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;
  for (const [path, text] of Object.entries(files)) {
    const from = folderOf(path);
    const targets = graph.get(from) ?? new Set<string>();
    graph.set(from, targets);
    for (const match of text.matchAll(specifier)) {
      const resolved = new URL(match[1], `file:///src/${path.replace(/^\.\.\//, "")}`).pathname;
      const to = folderOf("../" + resolved.replace(/^\/src\//, ""));
      if (to !== from) targets.add(to);
    }
  }
  return graph;
}

/** Each circle of folders, as the path that closes it (`a → b → a`); none when the graph is a DAG. */
export function circles(graph: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const visit = (folder: string, path: string[]) => {
    const at = path.indexOf(folder);
    if (at >= 0) {
      found.push([...path.slice(at), folder].join(" → "));
      return;
    }
    if (done.has(folder)) return;
    for (const next of graph.get(folder) ?? []) visit(next, [...path, folder]);
    done.add(folder);
  };
  [...graph.keys()].sort().forEach((folder) => visit(folder, []));
  return found;
}

describe("the console's folders", () => {
  const graph = folderImports(sources);

  it("import one another in no circle", () => {
    expect(graph.size).toBeGreaterThan(5);
    expect(circles(graph)).toEqual([]);
  });

  it("keep the ground (api, ui, workspace) free of feature imports", () => {
    for (const ground of GROUND) {
      const features = [...(graph.get(ground) ?? [])].filter((to) => !GROUND.includes(to));
      expect({ ground, features }).toEqual({ ground, features: [] });
    }
  });

  it("find a circle through the app folder, as workspace.ts had when it lived there", () => {
    const graph = folderImports({
      "../app/routes.tsx": 'import { RunsPage } from "../runs/RunsPage";',
      "../app/workspace.ts": 'import type { Me } from "../api/model";',
      "../runs/RunsPage.tsx": 'import { useWorkspace } from "../app/workspace";',
      "../asset-graph/LineagePage.tsx": 'const m = import("../runs/RunsPage");',
    });
    expect(circles(graph)).toEqual(["app → runs → app"]);
  });
});
