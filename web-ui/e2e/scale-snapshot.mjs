// A generated code-location snapshot for the console's scale check (scale.bench.mjs).

export const GROUPS = 20;
export const LOCATION = "scale";

/** A seeded layered DAG: each asset reads ~EDGES/ASSETS earlier ones, in GROUPS groups. */
export function generateSnapshot(assets, edges) {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const keys = [];
  const list = [];
  let edgeCount = 0;
  for (let i = 0; i < assets; i++) {
    const key = `g${i % GROUPS}/asset_${i}`;
    const want = Math.min(i, Math.round((edges - edgeCount) / (assets - i) || 0));
    const deps = new Set();
    while (deps.size < want) deps.add(keys[Math.floor(random() * i)]);
    edgeCount += deps.size;
    keys.push(key);
    list.push({
      key,
      deps: [...deps].sort(),
      group: `g${i % GROUPS}`,
      description: `synthetic asset ${i}`,
      owners: [`team${i % 7}`],
      tags: { tier: i % 3 === 0 ? "gold" : "silver" },
      kinds: [i % 2 === 0 ? "duckdb" : "spark"],
      codeVersion: "v1",
      partitions:
        i % 10 === 0
          ? {
              kind: "DAILY",
              description: "daily partitions from 2024-01-01 in UTC",
              start: "2024-01-01T00:00",
              end: null,
              timezone: "UTC",
              staticKeys: [],
              name: null,
              dimensions: [],
            }
          : null,
      ioManager: null,
    });
  }
  const checks = [];
  for (let i = 0; i < assets; i += 5) {
    checks.push({ assetKey: keys[i], name: "not_empty", blocking: i % 10 === 0, description: "" });
  }
  return {
    snapshot: {
      name: LOCATION,
      version: "v1",
      assets: list,
      checks,
      schedules: [],
      contentHash: null,
    },
    edgeCount,
  };
}
