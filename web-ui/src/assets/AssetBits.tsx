import { Link } from "react-router";
import type { AssetCheck, PartitionCounts } from "../api/catalog";
import { deploymentPath, useWorkspace } from "../workspace/workspace";
import { STATUS_COLOR, STATUS_LABEL, type AssetStatus } from "./status";

/** The console path of an asset's detail page; the key's segments stay path segments. */
export function assetPath(org: string, deployment: string, key: string): string {
  return deploymentPath(
    org,
    deployment,
    `assets/${key.split("/").map(encodeURIComponent).join("/")}`,
  );
}

export function AssetLink({ assetKey }: { assetKey: string }) {
  const { org, deployment } = useWorkspace();
  return <Link to={assetPath(org.slug, deployment, assetKey)}>{assetKey}</Link>;
}

/**
 * A status as a colored dot and its word (the word carries it for those who cannot see color);
 * why it is stale, when the server says, in the tooltip.
 */
export function StatusBadge({ status, causes = [] }: { status: AssetStatus; causes?: string[] }) {
  return (
    <span
      className={`status-badge status-${status.toLowerCase()}`}
      title={causes.length ? causes.join("; ") : undefined}
    >
      <span className="status-dot" style={{ background: STATUS_COLOR[status] }} aria-hidden />
      {STATUS_LABEL[status]}
    </span>
  );
}

/**
 * Why an asset is stale, as the server lists it: every cause (the asset page), or the first and how
 * many more (`brief`, a catalog row's subtitle). Nothing when there is none.
 */
export function StalenessCauses({ causes, brief = false }: { causes: string[]; brief?: boolean }) {
  if (causes.length === 0) return null;
  if (brief) {
    return (
      <span className="muted staleness-brief" title={causes.join("; ")}>
        {causes[0]}
        {causes.length > 1 && `, and ${causes.length - 1} more`}
      </span>
    );
  }
  return (
    <ul className="staleness-causes" aria-label="Why it is stale">
      {causes.map((cause) => (
        <li key={cause}>{cause}</li>
      ))}
    </ul>
  );
}

/** Partitions by status as one bar: materialized, failed, in progress, missing. */
export function PartitionsBar({ counts }: { counts: PartitionCounts | null | undefined }) {
  if (!counts) {
    return <span className="muted">—</span>;
  }
  const missing =
    counts.missing ?? Math.max(0, (counts.total ?? 0) - counts.materialized - counts.failed);
  const total = counts.total ?? counts.materialized + counts.failed + counts.inProgress + missing;
  const parts = [
    { name: "materialized", value: counts.materialized, color: STATUS_COLOR.UP_TO_DATE },
    { name: "failed", value: counts.failed, color: STATUS_COLOR.FAILED },
    { name: "in progress", value: counts.inProgress, color: STATUS_COLOR.RUNNING },
    { name: "missing", value: missing, color: "#d9dde5" },
  ];
  const label =
    `${counts.materialized} of ${counts.total ?? "?"} partitions materialized` +
    (counts.failed ? `, ${counts.failed} failed` : "") +
    (counts.inProgress ? `, ${counts.inProgress} in progress` : "");
  return (
    <span className="partitions-health" role="img" aria-label={label} title={label}>
      {total > 0 &&
        parts
          .filter((p) => p.value > 0)
          .map((p) => (
            <span
              key={p.name}
              style={{ flexGrow: p.value, background: p.color }}
              className="partitions-part"
            />
          ))}
    </span>
  );
}

/** Latest check results: how many passed and failed, each check named in the tooltip. */
export function CheckSummary({ checks }: { checks: AssetCheck[] }) {
  if (checks.length === 0) {
    return <span className="muted">no checks</span>;
  }
  const passed = checks.filter((c) => c.passed === true).length;
  const failed = checks.filter((c) => c.passed === false).length;
  const never = checks.length - passed - failed;
  const title = checks
    .map(
      (c) =>
        `${c.name}: ${c.passed == null ? "not run" : c.passed ? "passed" : `failed (${c.severity})`}`,
    )
    .join("\n");
  return (
    <span className="check-summary" title={title}>
      {passed > 0 && <span className="chip chip-ok">{passed} passed</span>}
      {failed > 0 && <span className="chip chip-bad">{failed} failed</span>}
      {never > 0 && <span className="chip">{never} not run</span>}
    </span>
  );
}
