import { useMemo, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import type { AssetDetail, Materialization } from "../api/catalog";
import { api } from "../api/endpoints";
import { atLeast, type Run } from "../api/model";
import {
  keys,
  useAsset,
  useCheckHistory,
  useMaterializations,
  usePartitionKeys,
  usePartitionRange,
  usePartitions,
} from "../api/queries";
import { deploymentPath, useWorkspace } from "../workspace/workspace";
import { ErrorMessage } from "../ui/ErrorMessage";
import { formatTime } from "../ui/format";
import { Loading } from "../ui/Loading";
import { Page } from "../ui/Page";
import { RunStatusBadge } from "../runs/RunBits";
import { AssetLink, CheckSummary, PartitionsBar, StatusBadge } from "./AssetBits";
import { MetadataPlot, numericKeys } from "./MetadataPlot";
import { verdictOf } from "./live";
import { statusOf } from "./status";

/** One asset: what it is, its materializations with a metadata plot, partitions and checks. */
export function AssetDetailPage() {
  const { "*": splat = "" } = useParams();
  const key = splat.replace(/\/+$/, "");
  const { org, deployment } = useWorkspace();
  const detail = useAsset(org.slug, deployment, key);
  const history = useMaterializations(org.slug, deployment, key);
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
      actions={
        <StatusBadge
          status={statusOf(
            asset.staleness,
            asset.latestRun
              ? verdictOf(asset.latestRun, asset.latestMaterialization?.materializedAt)
              : undefined,
            asset.partitionCounts,
          )}
        />
      }
    >
      <Definition detail={detail.data} />
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Materializations</h2>
        {history.isPending ? (
          <Loading what="materializations" />
        ) : history.isError ? (
          <ErrorMessage error={history.error} prefix="Materializations could not be loaded" />
        ) : items.length === 0 ? (
          <p className="empty-state">
            Never materialized. Launch a run from the{" "}
            <Link to={deploymentPath(org.slug, deployment, "lineage")}>lineage graph</Link>.
          </p>
        ) : (
          <History items={items} />
        )}
      </section>
      {detail.data.partitionsDefinition && <Partitions detail={detail.data} />}
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

/**
 * The partition keys (`GET …/asset-partition-keys/{key}`), the status of each (`GET
 * …/asset-partitions/{key}`) and a backfill of a range.
 */
function Partitions({ detail }: { detail: AssetDetail }) {
  const { org, deployment, role } = useWorkspace();
  const client = useQueryClient();
  const definition = detail.partitionsDefinition!;
  const touched = usePartitions(org.slug, deployment, detail.asset.key, true);
  const listed = usePartitionKeys(org.slug, deployment, detail.asset.key);
  const stateOf = useMemo(
    () => new Map((touched.data ?? []).map((p) => [p.partitionKey, p.status])),
    [touched.data],
  );
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
  const [first, setFirst] = useState("");
  const [last, setLast] = useState("");
  const [launched, setLaunched] = useState<Run | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const inRange = all && first && last ? all.slice(all.indexOf(first), all.indexOf(last) + 1) : [];
  // Counted by the server: a range may start before the listed (newest) keys.
  const counted = usePartitionRange(
    org.slug,
    deployment,
    detail.asset.key,
    first,
    last,
    Boolean(known && first && last),
  );
  const size = !first || !last ? null : known ? (counted.data?.range?.size ?? null) : listedSize();
  const refused = Boolean(first && last && size === null && (!known || counted.isError));
  function listedSize(): number | null {
    const a = all?.indexOf(first) ?? -1;
    const b = all?.indexOf(last) ?? -1;
    return a < 0 || b < a ? null : b - a + 1;
  }
  const pick = (key: string) => {
    if (!first || (first && last)) {
      setFirst(key);
      setLast("");
    } else if (all && all.indexOf(key) < all.indexOf(first)) {
      setLast(first);
      setFirst(key);
    } else {
      setLast(key);
    }
  };
  const backfill = async () => {
    setBusy(true);
    setError(null);
    try {
      const run = await api.launchRun(org.slug, deployment, {
        selection: detail.asset.key,
        codeLocation: detail.asset.codeLocation,
        partitionRange: { first, last },
        tags: { trigger: "console", backfill: `${first}..${last}` },
      });
      setLaunched(run);
      void client.invalidateQueries({ queryKey: keys.runs(org.slug, deployment) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="partitions-heading">
      <h2 id="partitions-heading">Partitions</h2>
      <p>
        {definition.description || definition.kind}{" "}
        <PartitionsBar counts={detail.asset.partitionCounts} />
      </p>
      {all === null ? (
        <p className="muted">
          {touched.isError || listed.isError ? (
            <ErrorMessage
              error={listed.error ?? touched.error}
              prefix="Partitions could not be loaded"
            />
          ) : (
            <Loading what="partitions" />
          )}
        </p>
      ) : (
        <>
          <ul
            className="partition-grid"
            aria-label="Partitions: green is materialized, grey missing"
          >
            {all.map((key) => {
              const selected = inRange.includes(key) || key === first;
              return (
                <li key={key}>
                  <button
                    type="button"
                    tabIndex={-1}
                    className={`partition-cell partition-${status(key)}${selected ? " partition-picked" : ""}`}
                    title={`${key}: ${PARTITION_LABEL[status(key)]}`}
                    onClick={() => pick(key)}
                  >
                    <span className="visually-hidden">{key}</span>
                  </button>
                </li>
              );
            })}
          </ul>
          <p className="muted">
            {all.filter((k) => status(k) === "materialized").length} of {all.length} listed
            partitions materialized
            {touched.data?.some((p) => p.status === "failed") &&
              `, ${all.filter((k) => status(k) === "failed").length} failed`}
            {touched.data?.some((p) => p.status === "in_progress") &&
              `, ${all.filter((k) => status(k) === "in_progress").length} in progress`}
            .
          </p>
          {atLeast(role, "launcher") && (
            <form
              className="inline-form"
              aria-label="Backfill a range"
              onSubmit={(e) => {
                e.preventDefault();
                void backfill();
              }}
            >
              <label>
                First partition
                <input
                  list="partition-keys"
                  value={first}
                  onChange={(e) => setFirst(e.target.value)}
                  required
                />
              </label>
              <label>
                Last partition
                <input
                  list="partition-keys"
                  value={last}
                  onChange={(e) => setLast(e.target.value)}
                  required
                />
              </label>
              <datalist id="partition-keys">
                {all.map((k) => (
                  <option key={k} value={k} />
                ))}
              </datalist>
              <button type="submit" className="button-primary" disabled={busy || size === null}>
                {size === null
                  ? "Backfill range"
                  : `Backfill ${size.toLocaleString()} partition${size === 1 ? "" : "s"}`}
              </button>
            </form>
          )}
          {atLeast(role, "launcher") && refused && (
            <p className="muted">
              Pick two partition keys of this asset{all.length > 0 && ` (such as ${all[0]})`}, the
              first not after the last.
            </p>
          )}
        </>
      )}
      <ErrorMessage error={error} prefix="The backfill could not be launched" />
      {launched && (
        <p role="status">
          Backfill launched as{" "}
          <Link to={deploymentPath(org.slug, deployment, `runs/${launched.id}`)}>
            run {launched.id.slice(0, 8)}
          </Link>
          .
        </p>
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
