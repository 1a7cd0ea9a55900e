import { useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import type { AssetDetail, Materialization } from "../api/catalog";
import {
  useAsset,
  useCheckHistory,
  useMaterializations,
  usePartitionKeys,
  usePartitions,
} from "../api/queries";
import { LaunchDialog } from "../launch/LaunchDialog";
import type { PartitionChoice } from "../launch/launch";
import { deploymentPath, useWorkspace } from "../workspace/workspace";
import { ErrorMessage } from "../ui/ErrorMessage";
import { formatTime } from "../ui/format";
import { Loading } from "../ui/Loading";
import { Page } from "../ui/Page";
import { RunStatusBadge } from "../runs/RunBits";
import { AssetLink, CheckSummary, PartitionsBar, StalenessCauses, StatusBadge } from "./AssetBits";
import { MetadataPlot, numericKeys } from "./MetadataPlot";

/**
 * One asset: its status and why, what it is, materializing it (with a partition picker when it is
 * partitioned), its materializations with a metadata plot, partitions and checks.
 */
export function AssetDetailPage() {
  const { "*": splat = "" } = useParams();
  const key = splat.replace(/\/+$/, "");
  const { org, deployment } = useWorkspace();
  const detail = useAsset(org.slug, deployment, key);
  const history = useMaterializations(org.slug, deployment, key);
  // The partitions to launch: picked in the launch form, or on the partition grid.
  const [partitions, setPartitions] = useState<PartitionChoice>({ kind: "key", key: "" });
  if (detail.isPending) {
    return <Loading what={`asset ${key}`} />;
  }
  if (detail.isError) {
    return (
      <Page title={key}>
        <ErrorMessage error={detail.error} prefix="The asset could not be loaded" />
        <p>
          <Link to={deploymentPath(org.slug, deployment, "assets")}>Back to the catalog</Link>
        </p>
      </Page>
    );
  }
  const { asset } = detail.data;
  const items = history.data?.items ?? [];
  return (
    <Page
      title={asset.key}
      lead={asset.description || "No description. Add one with @Asset(description = …)."}
      actions={<StatusBadge status={asset.status} causes={asset.stalenessCauses} />}
    >
      <StalenessCauses causes={asset.stalenessCauses} />
      <Definition detail={detail.data} />
      <section aria-labelledby="launch-heading">
        <h2 id="launch-heading">Materialize</h2>
        <LaunchDialog
          targets={[
            {
              key: asset.key,
              codeLocation: asset.codeLocation,
              partitioned: detail.data.partitionsDefinition != null,
            },
          ]}
          label="Materialize"
          partitions={partitions}
          onPartitionsChange={setPartitions}
        />
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Materializations</h2>
        {history.isPending ? (
          <Loading what="materializations" />
        ) : history.isError ? (
          <ErrorMessage error={history.error} prefix="Materializations could not be loaded" />
        ) : items.length === 0 ? (
          <p className="empty-state">Never materialized yet.</p>
        ) : (
          <History items={items} />
        )}
      </section>
      {detail.data.partitionsDefinition && (
        <Partitions detail={detail.data} picked={partitions} onPick={setPartitions} />
      )}
      <Checks detail={detail.data} />
    </Page>
  );
}

function Definition({ detail }: { detail: AssetDetail }) {
  const { org, deployment } = useWorkspace();
  const { asset } = detail;
  const tags = Object.entries(asset.tags ?? {});
  return (
    <dl className="facts">
      <dt>Group</dt>
      <dd>{asset.group}</dd>
      <dt>Owners</dt>
      <dd>{asset.owners.length ? asset.owners.join(", ") : <span className="muted">none</span>}</dd>
      <dt>Code location</dt>
      <dd>{asset.codeLocation}</dd>
      <dt>Code version</dt>
      <dd>{asset.codeVersion ?? <span className="muted">not set</span>}</dd>
      <dt>Kinds</dt>
      <dd>{asset.kinds.join(", ") || "—"}</dd>
      <dt>Tags</dt>
      <dd>{tags.length ? tags.map(([k, v]) => `${k}=${v}`).join(", ") : "—"}</dd>
      <dt>Upstream</dt>
      <dd>
        <KeyList keys={detail.upstream} none="none: a source of the graph" />
      </dd>
      <dt>Downstream</dt>
      <dd>
        <KeyList keys={detail.downstream} none="none: nothing reads it yet" />
      </dd>
      <dt>Latest run</dt>
      <dd>
        {asset.latestRun ? (
          <>
            <Link to={deploymentPath(org.slug, deployment, `runs/${asset.latestRun.runId}`)}>
              <code>{asset.latestRun.runId.slice(0, 8)}</code>
            </Link>{" "}
            <RunStatusBadge status={asset.latestRun.status} />
          </>
        ) : (
          <span className="muted">none yet</span>
        )}
      </dd>
      {detail.ioManager && (
        <>
          <dt>I/O manager</dt>
          <dd>{detail.ioManager}</dd>
        </>
      )}
    </dl>
  );
}

function KeyList({ keys, none }: { keys: string[]; none: string }) {
  if (keys.length === 0) return <span className="muted">{none}</span>;
  return (
    <ul className="inline-list">
      {keys.map((k) => (
        <li key={k}>
          <AssetLink assetKey={k} />
        </li>
      ))}
    </ul>
  );
}

function History({ items }: { items: Materialization[] }) {
  const { org, deployment } = useWorkspace();
  const metadataKeys = numericKeys(items);
  const [plotted, setPlotted] = useState<string | null>(null);
  const shown = plotted ?? metadataKeys[0];
  return (
    <>
      {shown && (
        <>
          {metadataKeys.length > 1 && (
            <label>
              Plot{" "}
              <select value={shown} onChange={(e) => setPlotted(e.target.value)}>
                {metadataKeys.map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </select>
            </label>
          )}
          <MetadataPlot items={items} metadataKey={shown} />
        </>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Partition</th>
            <th scope="col">Run</th>
            <th scope="col">Code version</th>
            <th scope="col">Metadata</th>
          </tr>
        </thead>
        <tbody>
          {items.slice(0, 50).map((m) => (
            <tr key={`${m.runId}-${m.partitionKey ?? ""}-${m.materializedAt}`}>
              <td>{formatTime(m.materializedAt)}</td>
              <td>{m.partitionKey ?? "—"}</td>
              <td>
                <Link to={deploymentPath(org.slug, deployment, `runs/${m.runId}`)}>
                  <code>{m.runId.slice(0, 8)}</code>
                </Link>
              </td>
              <td>{m.codeVersion ?? "—"}</td>
              <td className="wrap-anywhere">
                {Object.entries(m.metadata ?? {})
                  .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
                  .join(", ") || "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length > 50 && <p className="muted">The newest 50 of {items.length} are listed.</p>}
    </>
  );
}

const PARTITION_LABEL = {
  materialized: "materialized",
  failed: "failed",
  in_progress: "in progress",
  missing: "missing",
} as const;

/** How many partition cells the grid shows at once; older and newer pages hold the rest. */
export const GRID_PAGE = 400;

/** A click on the grid: the first click starts a range, the second ends it (in key order). */
function pickOnGrid(choice: PartitionChoice, key: string, order: string[]): PartitionChoice {
  if (choice.kind !== "range" || (choice.first && choice.last)) {
    return { kind: "range", first: key, last: "" };
  }
  return order.indexOf(key) < order.indexOf(choice.first)
    ? { kind: "range", first: key, last: choice.first }
    : { kind: "range", first: choice.first, last: key };
}

/**
 * The partition keys (`GET …/asset-partition-keys/{key}`), a page at a time, and the status of each
 * (`GET …/asset-partitions/{key}`). Clicking two cells picks a range to launch.
 */
function Partitions({
  detail,
  picked,
  onPick,
}: {
  detail: AssetDetail;
  picked: PartitionChoice;
  onPick: (choice: PartitionChoice) => void;
}) {
  const { org, deployment } = useWorkspace();
  const definition = detail.partitionsDefinition!;
  const touched = usePartitions(org.slug, deployment, detail.asset.key, true);
  const listed = usePartitionKeys(org.slug, deployment, detail.asset.key);
  const stateOf = useMemo(
    () => new Map((touched.data ?? []).map((p) => [p.partitionKey, p.status])),
    [touched.data],
  );
  // Why a partition is stale, as the server says (partition rows carry staleness and causes).
  const staleOf = useMemo(
    () =>
      new Map(
        (touched.data ?? [])
          .filter((p) => p.staleness === "STALE")
          .map((p) => [p.partitionKey, p.stalenessCauses ?? []]),
      ),
    [touched.data],
  );
  const titleOf = (key: string) => {
    const causes = staleOf.get(key);
    const stale = causes ? `, stale${causes.length ? ` (${causes.join("; ")})` : ""}` : "";
    return `${key}: ${PARTITION_LABEL[status(key)]}${stale}`;
  };
  // The server computes the keys in the partitions' timezone; a null total means dynamic keys, which
  // live in the agent's store, so those come from what runs have touched.
  const known = listed.data ? listed.data.total !== null : null;
  const all = useMemo(
    () =>
      known
        ? listed.data!.keys
        : known === false && touched.data
          ? [...stateOf.keys()].sort()
          : null,
    [known, listed.data, touched.data, stateOf],
  );
  const status = (key: string) => stateOf.get(key) ?? "missing";
  // Pages count back from the newest keys: page 0 ends with the newest.
  const [page, setPage] = useState(0);
  const pages = all ? Math.max(1, Math.ceil(all.length / GRID_PAGE)) : 1;
  const end = all ? all.length - page * GRID_PAGE : 0;
  const shown = all ? all.slice(Math.max(0, end - GRID_PAGE), end) : [];
  const range = picked.kind === "range" ? picked : null;
  const [from, to] = range && all ? [all.indexOf(range.first), all.indexOf(range.last)] : [-1, -1];
  const isPicked = (key: string) => {
    if (picked.kind === "key") return key === picked.key;
    if (!range) return false;
    const at = all!.indexOf(key);
    return key === range.first || (from >= 0 && to >= from && at >= from && at <= to);
  };
  return (
    <section aria-labelledby="partitions-heading">
      <h2 id="partitions-heading">Partitions</h2>
      <p>
        {definition.description || definition.kind}{" "}
        <PartitionsBar counts={detail.asset.partitionCounts} />
      </p>
      {all === null ? (
        <div className="muted">
          {touched.isError || listed.isError ? (
            <ErrorMessage
              error={listed.error ?? touched.error}
              prefix="Partitions could not be loaded"
            />
          ) : (
            <Loading what="partitions" />
          )}
        </div>
      ) : (
        <>
          {shown.length > 0 && (
            <div className="partition-pages">
              <button
                type="button"
                className="button-quiet"
                disabled={page >= pages - 1}
                onClick={() => setPage(page + 1)}
              >
                Older partitions
              </button>
              <span>
                Partitions {shown[0]} to {shown[shown.length - 1]} (
                {(end - shown.length + 1).toLocaleString()}–{end.toLocaleString()} of{" "}
                {all.length.toLocaleString()})
              </span>
              <button
                type="button"
                className="button-quiet"
                disabled={page === 0}
                onClick={() => setPage(page - 1)}
              >
                Newer partitions
              </button>
            </div>
          )}
          <ul
            className="partition-grid"
            aria-label="Partitions: green is materialized, grey missing"
          >
            {shown.map((key) => (
              <li key={key}>
                <button
                  type="button"
                  tabIndex={-1}
                  className={`partition-cell partition-${status(key)}${isPicked(key) ? " partition-picked" : ""}`}
                  title={titleOf(key)}
                  onClick={() => onPick(pickOnGrid(picked, key, all))}
                >
                  <span className="visually-hidden">{key}</span>
                </button>
              </li>
            ))}
          </ul>
          <p className="muted">
            {all.filter((k) => status(k) === "materialized").length} of {all.length} listed
            partitions materialized
            {touched.data?.some((p) => p.status === "failed") &&
              `, ${all.filter((k) => status(k) === "failed").length} failed`}
            {touched.data?.some((p) => p.status === "in_progress") &&
              `, ${all.filter((k) => status(k) === "in_progress").length} in progress`}
            .
            {listed.data?.total != null &&
              listed.data.total > all.length &&
              ` The newest ${all.length.toLocaleString()} of ${listed.data.total.toLocaleString()} are listed.`}
          </p>
        </>
      )}
    </section>
  );
}

/** Checks with their latest result, and their history (`GET …/asset-check-history/{key}`). */
function Checks({ detail }: { detail: AssetDetail }) {
  const { org, deployment } = useWorkspace();
  const { checks, key } = detail.asset;
  const history = useCheckHistory(org.slug, deployment, key, checks.length > 0);
  const evaluations = history.data?.items ?? [];
  return (
    <section aria-labelledby="checks-heading">
      <h2 id="checks-heading">Checks</h2>
      {checks.length === 0 ? (
        <p className="muted">
          No checks. Add one with <code>@AssetCheck(asset = "{key}")</code> to test this asset's
          data.
        </p>
      ) : (
        <>
          <CheckSummary checks={checks} />
          <table>
            <thead>
              <tr>
                <th scope="col">Check</th>
                <th scope="col">Latest</th>
                <th scope="col">When</th>
                <th scope="col">History (newest first)</th>
              </tr>
            </thead>
            <tbody>
              {checks.map((c) => {
                const past = evaluations.filter((e) => e.checkName === c.name);
                return (
                  <tr key={c.name}>
                    <th scope="row">
                      {c.name}
                      {c.blocking && <span className="chip">blocking</span>}
                      {c.description && <div className="muted">{c.description}</div>}
                    </th>
                    <td>
                      {c.passed == null ? (
                        <span className="muted">not run</span>
                      ) : c.passed ? (
                        <span className="chip chip-ok">passed</span>
                      ) : (
                        <span className="chip chip-bad">failed ({c.severity})</span>
                      )}
                    </td>
                    <td>{formatTime(c.evaluatedAt, "—")}</td>
                    <td>
                      {past.length === 0 ? (
                        <span className="muted">—</span>
                      ) : (
                        <ol className="check-history" aria-label={`History of ${c.name}`}>
                          {past.map((e) => (
                            <li
                              key={`${e.runId}-${e.seq}`}
                              className={e.passed ? "chip chip-ok" : "chip chip-bad"}
                              title={`${formatTime(e.evaluatedAt)}: ${e.passed ? "passed" : "failed"}${e.partitionKey ? ` [${e.partitionKey}]` : ""}`}
                            >
                              {e.passed ? "✓" : "✗"}
                              <span className="visually-hidden">
                                {e.passed ? "passed" : "failed"} {formatTime(e.evaluatedAt)}
                              </span>
                            </li>
                          ))}
                        </ol>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
