import type { Materialization } from "../api/catalog";

const WIDTH = 480;
const HEIGHT = 120;
const PAD = 8;

/** Numeric metadata keys across materializations, `row_count` first when present. */
export function numericKeys(items: Materialization[]): string[] {
  const found = new Set<string>();
  for (const m of items) {
    for (const [key, value] of Object.entries(m.metadata ?? {})) {
      if (typeof value === "number" && Number.isFinite(value)) found.add(key);
    }
  }
  return [...found].sort((a, b) =>
    a === "row_count" ? -1 : b === "row_count" ? 1 : a.localeCompare(b),
  );
}

/** Points of one metadata key over time, oldest first. */
export function series(items: Materialization[], key: string): { at: number; value: number }[] {
  return items
    .flatMap((m) => {
      const value = m.metadata?.[key];
      return typeof value === "number" && Number.isFinite(value)
        ? [{ at: Date.parse(m.materializedAt), value }]
        : [];
    })
    .sort((a, b) => a.at - b.at);
}

/** A small line chart of one metadata key over time, e.g. row count; described in words too. */
export function MetadataPlot({
  items,
  metadataKey,
}: {
  items: Materialization[];
  metadataKey: string;
}) {
  const points = series(items, metadataKey);
  if (points.length === 0) {
    return <p className="muted">No materialization recorded {metadataKey} yet.</p>;
  }
  const minAt = points[0].at;
  const maxAt = points[points.length - 1].at;
  const values = points.map((p) => p.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const x = (at: number) =>
    PAD + (maxAt === minAt ? 0.5 : (at - minAt) / (maxAt - minAt)) * (WIDTH - 2 * PAD);
  const y = (v: number) =>
    HEIGHT - PAD - (max === min ? 0.5 : (v - min) / (max - min)) * (HEIGHT - 2 * PAD);
  const path = points
    .map((p, i) => `${i ? "L" : "M"}${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join(" ");
  const latest = points[points.length - 1].value;
  const label =
    points.length === 1
      ? `${metadataKey} over 1 materialization: ${latest.toLocaleString()}`
      : `${metadataKey} over ${points.length} materializations: from ${min.toLocaleString()} to ${max.toLocaleString()}, latest ${latest.toLocaleString()}`;
  return (
    <figure className="metadata-plot">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        height={HEIGHT}
        role="img"
        aria-label={label}
      >
        <line x1={PAD} x2={WIDTH - PAD} y1={HEIGHT - PAD} y2={HEIGHT - PAD} stroke="#d9dde5" />
        <path d={path} fill="none" stroke="#2f5bd3" strokeWidth={2} />
        {points.map((p, i) => (
          <circle key={i} cx={x(p.at)} cy={y(p.value)} r={3} fill="#2f5bd3">
            <title>
              {new Date(p.at).toLocaleString()}: {p.value.toLocaleString()}
            </title>
          </circle>
        ))}
      </svg>
      <figcaption className="muted">{label}</figcaption>
    </figure>
  );
}
