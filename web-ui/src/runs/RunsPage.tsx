import { useInfiniteQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { api, type RunFilters } from "../api/endpoints";
import { keys, LIVE_INTERVAL_MS } from "../api/queries";
import { deploymentPath, useWorkspace } from "../workspace/workspace";
import { ErrorMessage } from "../ui/ErrorMessage";
import { formatTime } from "../ui/format";
import { Loading } from "../ui/Loading";
import { Page } from "../ui/Page";
import { duration, RUN_STATUSES, runStatusLabel, RunStatusBadge } from "./RunBits";

const IN_FLIGHT = "QUEUED,STARTING,STARTED";

/** The deployment's runs, newest first, filtered by status and tag; refreshed while open. */
export function RunsPage() {
  const { org, deployment } = useWorkspace();
  const [search, setSearch] = useSearchParams();
  const filters: RunFilters = {
    status: search.get("status") ?? undefined,
    tag: search.get("tag") ?? undefined,
  };
  const runs = useInfiniteQuery({
    queryKey: keys.runs(org.slug, deployment, filters),
    queryFn: ({ pageParam }) => api.runs(org.slug, deployment, filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: LIVE_INTERVAL_MS,
  });
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearch(next, { replace: true });
  };
  const list = runs.data?.pages.flatMap((p) => p.runs) ?? [];
  const filtered = Boolean(filters.status || filters.tag);
  return (
    <Page title="Runs" lead={`Materializations launched in ${deployment}, newest first`}>
      <form
        className="filters"
        role="search"
        aria-label="Filter runs"
        onSubmit={(e) => e.preventDefault()}
      >
        <label>
          Status
          <select value={filters.status ?? ""} onChange={(e) => set("status", e.target.value)}>
            <option value="">Any status</option>
            <option value={IN_FLIGHT}>In flight</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {runStatusLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tag
          <input
            defaultValue={filters.tag ?? ""}
            placeholder="trigger=ci"
            onKeyDown={(e) => {
              if (e.key === "Enter") set("tag", e.currentTarget.value.trim());
            }}
            onBlur={(e) => set("tag", e.currentTarget.value.trim())}
          />
        </label>
      </form>
      {runs.isPending ? (
        <Loading what="runs" />
      ) : runs.isError ? (
        <ErrorMessage error={runs.error} prefix="Runs could not be loaded" />
      ) : list.length === 0 ? (
        <section className="empty-state">
          <h2>{filtered ? "No run matches these filters" : `No runs in ${deployment} yet`}</h2>
          <p>
            {filtered ? (
              "Pick another status or clear the tag."
            ) : (
              <>
                Launch one from the{" "}
                <Link to={deploymentPath(org.slug, deployment, "lineage")}>lineage graph</Link>:
                select assets and press “Materialize”. CI can <code>POST …/runs</code> with a
                selection.
              </>
            )}
          </p>
        </section>
      ) : (
        <>
          <table className="runs-table">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Status</th>
                <th scope="col">Selection</th>
                <th scope="col">Partitions</th>
                <th scope="col">Created</th>
                <th scope="col">Took</th>
              </tr>
            </thead>
            <tbody>
              {list.map((run) => (
                <tr key={run.id}>
                  <td>
                    <Link to={deploymentPath(org.slug, deployment, `runs/${run.id}`)}>
                      <code>{run.id.slice(0, 8)}</code>
                    </Link>
                  </td>
                  <td>
                    <RunStatusBadge status={run.status} />
                    {run.cancelRequested && <span className="muted"> (canceling)</span>}
                  </td>
                  <td>
                    <code>{run.selection}</code>
                    <div className="muted">{run.codeLocation}</div>
                  </td>
                  <td>
                    {run.partitionRange
                      ? `${run.partitionRange.first} … ${run.partitionRange.last}`
                      : (run.partitionKey ?? "—")}
                  </td>
                  <td>{formatTime(run.createdAt)}</td>
                  <td>{run.startedAt ? duration(run.startedAt, run.finishedAt) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {runs.hasNextPage && (
            <button
              type="button"
              disabled={runs.isFetchingNextPage}
              onClick={() => void runs.fetchNextPage()}
            >
              {runs.isFetchingNextPage ? "Loading…" : "Older runs"}
            </button>
          )}
        </>
      )}
    </Page>
  );
}
