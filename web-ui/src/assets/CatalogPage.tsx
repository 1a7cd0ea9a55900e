import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { Link, useSearchParams } from "react-router";
import type { Asset } from "../api/catalog";
import type { CatalogFilters } from "../api/endpoints";
import { atLeast } from "../api/model";
import { useAssetGraph, useAssets, useRefreshWhenRunsEnd, useRuns } from "../api/queries";
import { LaunchDialog } from "../launch/LaunchDialog";
import { deploymentPath, useWorkspace } from "../workspace/workspace";
import { ErrorMessage } from "../ui/ErrorMessage";
import { formatTime } from "../ui/format";
import { Loading } from "../ui/Loading";
import { Page } from "../ui/Page";
import { AssetLink, CheckSummary, PartitionsBar, StalenessCauses, StatusBadge } from "./AssetBits";
import { STATUS_LABEL, STATUSES, statusFromParam, statusParam, type AssetStatus } from "./status";

/** Height of one catalog row in pixels; rows are fixed-height so the virtualizer needs no measuring. */
export const ROW_HEIGHT = 52;
const TEXT_FILTERS = ["q", "owner", "tag"] as const;
const FILTERS = ["q", "group", "owner", "kind", "tag"] as const;
/** The statuses `GET …/assets?status=` filters by: an asset's staleness. */
const SERVER_STATUS: readonly AssetStatus[] = ["UP_TO_DATE", "STALE", "MISSING"];

/** The filters in the URL (`?group=sales&status=stale`), so a filtered catalog can be shared. */
export function readFilters(search: URLSearchParams): CatalogFilters & { status?: AssetStatus } {
  const filters: CatalogFilters & { status?: AssetStatus } = {};
  for (const name of FILTERS) {
    const value = search.get(name)?.trim();
    if (value) {
      (filters as Record<string, string>)[name] = value;
    }
  }
  const status = statusFromParam(search.get("status")?.trim());
  if (status) filters.status = status;
  return filters;
}

/** The asset catalog: search and filters over every asset, in a virtualized table. */
export function CatalogPage() {
  const { org, deployment, role } = useWorkspace();
  const [search, setSearch] = useSearchParams();
  const filters = readFilters(search);
  const { status, ...textFilters } = filters;
  // Staleness statuses the API filters before paging; failed and running the console filters by
  // each row's server-given status itself, over every page.
  const serverStatus = status && SERVER_STATUS.includes(status) ? status : undefined;
  const clientStatus = status && !serverStatus ? status : undefined;
  const serverFilters: CatalogFilters = serverStatus
    ? { ...textFilters, status: statusParam(serverStatus) }
    : textFilters;
  const assets = useAssets(org.slug, deployment, serverFilters);
  const graph = useAssetGraph(org.slug, deployment, false);
  // Statuses change as runs end: a run that ends reloads the pages.
  const runs = useRuns(org.slug, deployment);
  useRefreshWhenRunsEnd(org.slug, deployment, runs.data?.runs);

  const loaded = useMemo(() => assets.data?.pages.flatMap((p) => p.items) ?? [], [assets.data]);
  const rows = useMemo(
    () => (clientStatus ? loaded.filter((a) => a.status === clientStatus) : loaded),
    [loaded, clientStatus],
  );
  const [selected, setSelected] = useState<ReadonlyMap<string, Asset>>(new Map());
  const toggle = useCallback((asset: Asset) => {
    setSelected((current) => {
      const next = new Map(current);
      if (next.has(asset.key)) next.delete(asset.key);
      else next.set(asset.key, asset);
      return next;
    });
  }, []);
  const canLaunch = atLeast(role, "launcher");
  const total = assets.data?.pages[0]?.total ?? 0;
  const count = clientStatus ? rows.length : total;

  useEffect(() => {
    if (clientStatus && assets.hasNextPage && !assets.isFetchingNextPage) {
      void assets.fetchNextPage();
    }
  }, [clientStatus, assets]);

  // One navigation per change: react-router does not queue functional updates of the search.
  const set = useCallback(
    (changes: Record<string, string>) => {
      const next = new URLSearchParams(search);
      for (const [name, value] of Object.entries(changes)) {
        if (value) next.set(name, value);
        else next.delete(name);
      }
      setSearch(next, { replace: true });
    },
    [search, setSearch],
  );
  const anyFilter = Object.keys(filters).length > 0;

  return (
    <Page
      title="Assets"
      lead={
        assets.data
          ? `${count.toLocaleString()} asset${count === 1 ? "" : "s"}${anyFilter ? " match" : ""} in ${deployment}`
          : `The asset catalog of ${deployment}`
      }
    >
      <Filters
        filters={filters}
        onChange={set}
        groups={unique(graph.data?.nodes.map((n) => n.group))}
        kinds={unique(graph.data?.nodes.flatMap((n) => n.kinds))}
        owners={unique(loaded.flatMap((a) => a.owners))}
        onClear={() => setSearch(new URLSearchParams(), { replace: true })}
      />
      {assets.isPending ? (
        <Loading what="assets" />
      ) : assets.isError ? (
        <ErrorMessage error={assets.error} prefix="The catalog could not be loaded" />
      ) : count === 0 && !(clientStatus && assets.hasNextPage) ? (
        anyFilter ? (
          <section className="empty-state">
            <h2>No asset matches these filters</h2>
            <p>
              Try a shorter search, or{" "}
              <button
                type="button"
                className="button-quiet"
                onClick={() => setSearch(new URLSearchParams(), { replace: true })}
              >
                clear all filters
              </button>
              .
            </p>
          </section>
        ) : (
          <NoAssets />
        )
      ) : (
        <>
          {selected.size > 0 && (
            <SelectionBar selected={selected} onClear={() => setSelected(new Map())} />
          )}
          <CatalogTable
            rows={rows}
            count={count}
            selected={canLaunch ? selected : null}
            onToggle={toggle}
            loadMore={() => {
              if (assets.hasNextPage && !assets.isFetchingNextPage) void assets.fetchNextPage();
            }}
          />
        </>
      )}
      {assets.isFetchingNextPage && <Loading what="more assets" />}
    </Page>
  );
}

/** The checked rows: launching them as one run, or clearing the checks. */
function SelectionBar({
  selected,
  onClear,
}: {
  selected: ReadonlyMap<string, Asset>;
  onClear: () => void;
}) {
  const targets = [...selected.values()].map((a) => ({
    key: a.key,
    codeLocation: a.codeLocation,
    partitioned: a.partitions != null,
  }));
  return (
    <section className="selection-bar" aria-label="Selected assets">
      <LaunchDialog
        key={[...selected.keys()].join(",")}
        targets={targets}
        label={`Materialize ${selected.size} selected`}
      />
      <button type="button" className="button-quiet" onClick={onClear}>
        Clear selection
      </button>
    </section>
  );
}

function unique(values: string[] | undefined): string[] {
  return [...new Set(values ?? [])].filter(Boolean).sort();
}

function Filters({
  filters,
  onChange,
  onClear,
  groups,
  kinds,
  owners,
}: {
  filters: CatalogFilters & { status?: AssetStatus };
  onChange: (changes: Record<string, string>) => void;
  onClear: () => void;
  groups: string[];
  kinds: string[];
  owners: string[];
}) {
  // Text filters apply a moment after typing stops, so each keystroke is not a request.
  const [text, setText] = useState(() => ({
    q: filters.q ?? "",
    owner: filters.owner ?? "",
    tag: filters.tag ?? "",
  }));
  const applied = useRef(text);
  useEffect(() => {
    const timer = setTimeout(() => {
      const changes: Record<string, string> = {};
      for (const name of TEXT_FILTERS) {
        if (text[name] !== applied.current[name]) changes[name] = text[name].trim();
      }
      applied.current = text;
      if (Object.keys(changes).length > 0) onChange(changes);
    }, 250);
    return () => clearTimeout(timer);
  }, [text, onChange]);

  return (
    <form
      className="filters"
      role="search"
      aria-label="Filter assets"
      onSubmit={(e) => e.preventDefault()}
    >
      <label>
        Search
        <input
          type="search"
          value={text.q}
          placeholder="Key or description"
          onChange={(e) => setText({ ...text, q: e.target.value })}
        />
      </label>
      <label>
        Group
        <select value={filters.group ?? ""} onChange={(e) => onChange({ group: e.target.value })}>
          <option value="">Any group</option>
          {groups.map((g) => (
            <option key={g}>{g}</option>
          ))}
        </select>
      </label>
      <label>
        Owner
        <input
          list="catalog-owners"
          value={text.owner}
          placeholder="team:data"
          onChange={(e) => setText({ ...text, owner: e.target.value })}
        />
        <datalist id="catalog-owners">
          {owners.map((o) => (
            <option key={o} value={o} />
          ))}
        </datalist>
      </label>
      <label>
        Kind
        <select value={filters.kind ?? ""} onChange={(e) => onChange({ kind: e.target.value })}>
          <option value="">Any kind</option>
          {kinds.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </label>
      <label>
        Tag
        <input
          value={text.tag}
          placeholder="tier=gold"
          onChange={(e) => setText({ ...text, tag: e.target.value })}
        />
      </label>
      <label>
        Status
        <select
          value={filters.status ? statusParam(filters.status) : ""}
          onChange={(e) => onChange({ status: e.target.value })}
        >
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={statusParam(s)}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="button-quiet"
        onClick={() => {
          const empty = { q: "", owner: "", tag: "" };
          applied.current = empty;
          setText(empty);
          onClear();
        }}
      >
        Clear filters
      </button>
    </form>
  );
}

const COLUMNS = ["Asset", "Group", "Status", "Last materialization", "Partitions", "Checks"];

/**
 * The catalog's rows, virtualized: only the rows in view (plus a few) are in the DOM, so 10,000
 * assets scroll like 50. Rows past the loaded pages ask for the next page.
 */
export function CatalogTable({
  rows,
  count,
  loadMore,
  selected = null,
  onToggle,
}: {
  rows: Asset[];
  count: number;
  loadMore: () => void;
  /** the checked rows, or null where rows cannot be checked (a viewer cannot launch) */
  selected?: ReadonlyMap<string, Asset> | null;
  onToggle?: (asset: Asset) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  // The console does not use the React Compiler, and the rows are memoized by hand.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    initialRect: { width: 1000, height: 600 },
  });
  const items = virtualizer.getVirtualItems();
  const last = items.length > 0 ? items[items.length - 1].index : -1;
  useEffect(() => {
    if (last >= rows.length - 1 && rows.length < count) {
      loadMore();
    }
  }, [last, rows.length, count, loadMore]);

  return (
    <div className="catalog" role="table" aria-label="Assets" aria-rowcount={count + 1}>
      <div role="rowgroup">
        <div role="row" className="catalog-row catalog-head" aria-rowindex={1}>
          <span role="columnheader">
            <span className="visually-hidden">Selected</span>
          </span>
          {COLUMNS.map((c) => (
            <span role="columnheader" key={c}>
              {c}
            </span>
          ))}
        </div>
      </div>
      <div
        ref={scroller}
        className="catalog-scroll"
        tabIndex={0}
        data-testid="catalog-scroll"
        aria-label="Asset rows; scroll with the arrow and page keys"
      >
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const row = rows[item.index];
            return (
              <div
                role="row"
                key={item.key}
                aria-rowindex={item.index + 2}
                className="catalog-row"
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                {row ? (
                  <AssetCells
                    asset={row}
                    checked={selected ? selected.has(row.key) : null}
                    onToggle={onToggle}
                  />
                ) : (
                  <span role="cell" className="muted">
                    Loading…
                  </span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** One row's cells; memoized, so scrolling renders only the rows that come into view. */
const AssetCells = memo(function AssetCells({
  asset,
  checked,
  onToggle,
}: {
  asset: Asset;
  /** whether the row is checked, or null where rows cannot be checked */
  checked: boolean | null;
  onToggle?: (asset: Asset) => void;
}) {
  const { org, deployment } = useWorkspace();
  const latest = asset.latestMaterialization;
  return (
    <>
      <span role="cell">
        {checked !== null && (
          <input
            type="checkbox"
            checked={checked}
            aria-label={`Select ${asset.key}`}
            onChange={() => onToggle?.(asset)}
          />
        )}
      </span>
      <span role="cell" className="catalog-key">
        <AssetLink assetKey={asset.key} />
        {asset.description && (
          <span className="muted catalog-description">{asset.description}</span>
        )}
      </span>
      <span role="cell">{asset.group}</span>
      <span role="cell" className="catalog-status">
        <StatusBadge status={asset.status} causes={asset.stalenessCauses} />
        <StalenessCauses causes={asset.stalenessCauses} brief />
      </span>
      <span role="cell">
        {latest ? (
          <Link to={deploymentPath(org.slug, deployment, `runs/${latest.runId}`)}>
            {formatTime(latest.materializedAt)}
          </Link>
        ) : (
          <span className="muted">never</span>
        )}
      </span>
      <span role="cell">
        <PartitionsBar counts={asset.partitionCounts} />
      </span>
      <span role="cell">
        <CheckSummary checks={asset.checks} />
      </span>
    </>
  );
});

/** No asset at all: how assets get here. */
export function NoAssets() {
  const { org, deployment } = useWorkspace();
  return (
    <section className="empty-state">
      <h2>No assets in {deployment} yet</h2>
      <p>
        Assets appear once an agent has loaded a code location for this deployment. Register one
        from CI with{" "}
        <code>
          POST /api/v1/orgs/{org.slug}/deployments/{deployment}/code-locations
        </code>{" "}
        (its name, artifact and version), and make sure an agent is connected.
      </p>
      <p>
        <Link to={deploymentPath(org.slug, deployment, "settings/agents")}>
          Agents and how to install one
        </Link>
      </p>
    </section>
  );
}
