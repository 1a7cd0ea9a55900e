import { useCallback, useEffect, useMemo, useState } from "react";
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type Node,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { Link } from "react-router";
import type { AssetGraph } from "../api/catalog";
import { useAssetGraph, useRefreshWhenRunsEnd, useRuns } from "../api/queries";
import { useWorkspace } from "../workspace/workspace";
import { assetPath, StalenessCauses, StatusBadge } from "../assets/AssetBits";
import { NoAssets } from "../assets/CatalogPage";
import { LaunchDialog } from "../launch/LaunchDialog";
import {
  indexGraph,
  selectionString,
  walk,
  type GraphIndex,
  type SelectionOrigin,
} from "../assets/selection";
import { STATUS_COLOR, STATUS_LABEL, STATUSES, type AssetStatus } from "../assets/status";
import { ErrorMessage } from "../ui/ErrorMessage";
import { formatTime } from "../ui/format";
import { Loading } from "../ui/Loading";
import { Page } from "../ui/Page";
import {
  nodeTypes,
  type AssetFlowNode,
  type FrameFlowNode,
  type GroupFlowNode,
} from "./GraphNodes";
import { ASSET_SIZE, GROUP_SIZE, initiallyExpanded, visibleGraph } from "./layout";
import { useLayout } from "./useLayout";

/** The deployment's lineage graph, live: status colors, collapsible groups, select and launch. */
export function LineagePage() {
  const { org, deployment } = useWorkspace();
  const graph = useAssetGraph(org.slug, deployment);
  return (
    <Page
      title="Lineage"
      lead={
        graph.data
          ? `${graph.data.nodes.length.toLocaleString()} assets and ${graph.data.edges.length.toLocaleString()} dependencies in ${deployment}`
          : `The asset graph of ${deployment}`
      }
    >
      {graph.isPending ? (
        <Loading what="the asset graph" />
      ) : graph.isError ? (
        <ErrorMessage error={graph.error} prefix="The asset graph could not be loaded" />
      ) : graph.data.nodes.length === 0 ? (
        <NoAssets />
      ) : (
        <ReactFlowProvider>
          <Lineage graph={graph.data} />
        </ReactFlowProvider>
      )}
    </Page>
  );
}

interface Selection {
  keys: Set<string>;
  origin: SelectionOrigin;
  /** the asset whose detail the panel shows */
  focus: string | null;
}

/** Past this many assets, drawing every one at once helps nobody; groups open one by one. */
const EXPAND_ALL_UP_TO = 2000;

const NOTHING: Selection = { keys: new Set(), origin: { kind: "keys" }, focus: null };

function Lineage({ graph }: { graph: AssetGraph }) {
  const { org, deployment } = useWorkspace();
  // The server's statuses change as runs end: a run that ends reloads the graph.
  const runs = useRuns(org.slug, deployment, {}, 100);
  useRefreshWhenRunsEnd(org.slug, deployment, runs.data?.runs);
  const index = useMemo(() => indexGraph(graph.nodes, graph.edges), [graph]);
  const statuses = useMemo(
    () => new Map<string, AssetStatus>(graph.nodes.map((n) => [n.key, n.status])),
    [graph],
  );
  const groups = useMemo(() => [...new Set(graph.nodes.map((n) => n.group))].sort(), [graph]);

  const [expanded, setExpanded] = useState<Set<string>>(() => initiallyExpanded(graph));
  const [selection, setSelection] = useState<Selection>(NOTHING);
  const visible = useMemo(() => visibleGraph(graph, expanded), [graph, expanded]);
  const layout = useLayout(visible);

  const toggle = useCallback((group: string) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(group)) next.delete(group);
      else next.add(group);
      return next;
    });
  }, []);
  const pick = useCallback((key: string, additive: boolean) => {
    setSelection((current) => {
      if (!additive) return { keys: new Set([key]), origin: { kind: "keys" }, focus: key };
      const keys = new Set(current.keys);
      if (keys.has(key)) keys.delete(key);
      else keys.add(key);
      return { keys, origin: { kind: "keys" }, focus: key };
    });
  }, []);
  const find = (key: string) => {
    const node = index.nodes.get(key);
    if (!node) return false;
    setExpanded((current) =>
      current.has(node.group) ? current : new Set(current).add(node.group),
    );
    pick(key, false);
    return true;
  };

  const flow = useMemo(() => {
    if (layout.state !== "ready") return { nodes: [], edges: [] };
    const nodes: Node[] = layout.graph.nodes.map((box) => {
      const position = layout.positions[box.id] ?? { x: 0, y: 0 };
      if (box.kind === "frame") {
        const node: FrameFlowNode = {
          id: box.id,
          type: "frame",
          position,
          ...(layout.sizes[box.id] ?? GROUP_SIZE),
          zIndex: -1,
          data: { group: box.group, total: box.keys.length },
        };
        return node;
      }
      if (box.kind === "asset") {
        const node: AssetFlowNode = {
          id: box.id,
          type: "asset",
          position,
          ...ASSET_SIZE,
          data: {
            asset: index.nodes.get(box.id)!,
            status: statuses.get(box.id) ?? "MISSING",
            inSelection: selection.keys.has(box.id),
          },
        };
        return node;
      }
      const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<AssetStatus, number>;
      let selectedCount = 0;
      for (const key of box.keys) {
        counts[statuses.get(key) ?? "MISSING"]++;
        if (selection.keys.has(key)) selectedCount++;
      }
      const node: GroupFlowNode = {
        id: box.id,
        type: "group",
        position,
        ...GROUP_SIZE,
        data: { group: box.group, counts, total: box.keys.length, selectedCount },
      };
      return node;
    });
    const selectedBoxes = new Set(
      layout.graph.nodes
        .filter((b) => b.kind !== "frame" && b.keys.some((k) => selection.keys.has(k)))
        .map((b) => b.id),
    );
    const edges: Edge[] = layout.graph.edges.map((e) => {
      const lit = selectedBoxes.has(e.source) && selectedBoxes.has(e.target);
      return {
        id: e.id,
        source: e.source,
        target: e.target,
        label: e.count > 1 ? String(e.count) : undefined,
        markerEnd: { type: MarkerType.ArrowClosed },
        style: lit ? { stroke: "#2f5bd3", strokeWidth: 2 } : undefined,
        focusable: false,
      };
    });
    return { nodes, edges };
  }, [layout, index, statuses, selection.keys]);

  const ready = layout.state === "ready" && layout.graph === visible;
  useEffect(() => {
    if (ready) performance.mark?.("materia:graph-ready");
  }, [ready]);

  return (
    <div className="lineage">
      <div className="lineage-toolbar">
        <FindAsset index={index} onFind={find} />
        <button type="button" className="button-quiet" onClick={() => setExpanded(new Set())}>
          Collapse all groups
        </button>
        {graph.nodes.length <= EXPAND_ALL_UP_TO ? (
          <button
            type="button"
            className="button-quiet"
            onClick={() => setExpanded(new Set(groups))}
          >
            Expand all groups
          </button>
        ) : (
          <span className="muted">
            {graph.nodes.length.toLocaleString()} assets: open groups one at a time
          </span>
        )}
        <Legend />
      </div>
      <div className="lineage-body">
        <div
          className="lineage-canvas"
          data-testid="lineage-canvas"
          data-layout={ready ? "ready" : "pending"}
          aria-busy={!ready}
        >
          {layout.state === "failed" ? (
            <ErrorMessage error={layout.error} prefix="The graph could not be laid out" />
          ) : layout.state === "pending" ? (
            <Loading what="the layout" />
          ) : (
            <Canvas
              nodes={flow.nodes}
              edges={flow.edges}
              layoutKey={layout.positions}
              onNodeClick={(event, node) => {
                if (node.type === "group") toggle((node as GroupFlowNode).data.group);
                else if (node.type === "frame") {
                  // Only the frame's Collapse button closes it; its empty space does nothing.
                  const target = event.target as HTMLElement;
                  if (target.closest("[data-collapse]")) toggle((node as FrameFlowNode).data.group);
                } else pick(node.id, event.shiftKey || event.metaKey || event.ctrlKey);
              }}
            />
          )}
          {!ready && layout.state === "ready" && (
            <p className="lineage-busy muted" role="status">
              Laying out…
            </p>
          )}
        </div>
        <SelectionPanel
          index={index}
          statuses={statuses}
          selection={selection}
          setSelection={setSelection}
          onToggleGroup={toggle}
          expanded={expanded}
          groups={groups}
        />
      </div>
    </div>
  );
}

/** Room around the fitted graph; the left side keeps nodes clear of the zoom controls there. */
const FIT_PADDING = { top: "24px", right: "24px", bottom: "24px", left: "64px" } as const;

function Canvas({
  nodes,
  edges,
  layoutKey,
  onNodeClick,
}: {
  nodes: Node[];
  edges: Edge[];
  layoutKey: object;
  onNodeClick: (event: React.MouseEvent, node: Node) => void;
}) {
  const { fitView } = useReactFlow();
  // A new layout (a group opened or closed) is fitted into view once it is drawn.
  useEffect(() => {
    const frame = requestAnimationFrame(() => void fitView({ padding: FIT_PADDING, duration: 0 }));
    return () => cancelAnimationFrame(frame);
  }, [layoutKey, fitView]);
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodeClick={onNodeClick}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={false}
      onlyRenderVisibleElements={nodes.length > 400}
      minZoom={0.02}
      fitView
      fitViewOptions={{ padding: FIT_PADDING }}
      proOptions={{ hideAttribution: true }}
      aria-label="Asset lineage graph"
    >
      <Background />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}

function FindAsset({ index, onFind }: { index: GraphIndex; onFind: (key: string) => boolean }) {
  const [text, setText] = useState("");
  const [missing, setMissing] = useState(false);
  const options = index.nodes.size <= 2000 ? [...index.nodes.keys()] : [];
  return (
    <form
      className="inline-form"
      role="search"
      aria-label="Find an asset in the graph"
      onSubmit={(e) => {
        e.preventDefault();
        setMissing(!onFind(text.trim()));
      }}
    >
      <label>
        Find asset
        <input
          list="lineage-keys"
          value={text}
          aria-invalid={missing}
          aria-describedby={missing ? "find-missing" : undefined}
          placeholder="sales/raw_orders"
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <datalist id="lineage-keys">
        {options.map((k) => (
          <option key={k} value={k} />
        ))}
      </datalist>
      <button type="submit">Show</button>
      {missing && (
        <span id="find-missing" className="error-message" role="alert">
          No asset has the key {text}.
        </span>
      )}
    </form>
  );
}

function Legend() {
  return (
    <ul className="legend" aria-label="Status colors">
      {STATUSES.map((s) => (
        <li key={s}>
          <span className="status-dot" style={{ background: STATUS_COLOR[s] }} aria-hidden />
          {STATUS_LABEL[s]}
        </li>
      ))}
    </ul>
  );
}

/** The detail of the focused asset, the selection, and launching it. */
function SelectionPanel({
  index,
  statuses,
  selection,
  setSelection,
  onToggleGroup,
  expanded,
  groups,
}: {
  index: GraphIndex;
  statuses: Map<string, AssetStatus>;
  selection: Selection;
  setSelection: (s: Selection) => void;
  onToggleGroup: (group: string) => void;
  expanded: Set<string>;
  groups: string[];
}) {
  const { org, deployment } = useWorkspace();
  const focus = selection.focus ? index.nodes.get(selection.focus) : undefined;

  const extend = (direction: "upstream" | "downstream") => {
    if (!focus) return;
    setSelection({
      keys: walk(index, [focus.key], direction),
      origin: { kind: direction, root: focus.key },
      focus: focus.key,
    });
  };
  const targets = [...selection.keys].map((key) => {
    const node = index.nodes.get(key);
    return { key, codeLocation: node?.codeLocation ?? "", partitioned: node?.partitioned ?? false };
  });
  const selectionText = selectionString(selection.keys, selection.origin);

  return (
    <aside className="lineage-panel" aria-label="Selection">
      {focus ? (
        <section aria-labelledby="focus-key">
          <h2 id="focus-key">{focus.key}</h2>
          <StatusBadge status={statuses.get(focus.key) ?? "MISSING"} />
          <StalenessCauses causes={focus.stalenessCauses} />
          <dl className="facts">
            <dt>Group</dt>
            <dd>{focus.group}</dd>
            <dt>Code location</dt>
            <dd>{focus.codeLocation}</dd>
            <dt>Kinds</dt>
            <dd>{focus.kinds.join(", ") || "—"}</dd>
            <dt>Last materialized</dt>
            <dd>{formatTime(focus.materializedAt)}</dd>
            <dt>Upstream</dt>
            <dd>{index.upstream.get(focus.key)?.length ?? 0} direct</dd>
            <dt>Downstream</dt>
            <dd>{index.downstream.get(focus.key)?.length ?? 0} direct</dd>
          </dl>
          <p>
            <Link to={assetPath(org.slug, deployment, focus.key)}>Open asset details</Link>
          </p>
          <div className="button-row">
            <button type="button" onClick={() => extend("upstream")}>
              Select upstream
            </button>
            <button type="button" onClick={() => extend("downstream")}>
              Select downstream
            </button>
          </div>
        </section>
      ) : (
        <p className="muted">
          Select an asset to see its detail: click it, or find it by key above. Shift-click adds to
          the selection. Groups open with a click.
        </p>
      )}
      {selection.keys.size > 0 && (
        <section aria-labelledby="selection-heading">
          <h2 id="selection-heading">
            {selection.keys.size} asset{selection.keys.size === 1 ? "" : "s"} selected
          </h2>
          <p>
            <code>{selectionText.slice(0, 200)}</code>
          </p>
          <LaunchDialog
            key={selectionText}
            targets={targets}
            origin={selection.origin}
            label={`Materialize ${selection.keys.size === 1 ? "it" : `${selection.keys.size} assets`}`}
          />
          <button type="button" className="button-quiet" onClick={() => setSelection(NOTHING)}>
            Clear selection
          </button>
        </section>
      )}
      <section aria-labelledby="groups-heading">
        <h2 id="groups-heading">Groups</h2>
        <ul className="plain-list">
          {groups.map((g) => (
            <li key={g}>
              <button
                type="button"
                className="button-quiet"
                aria-expanded={expanded.has(g)}
                onClick={() => onToggleGroup(g)}
              >
                {expanded.has(g) ? "▾" : "▸"} {g}
              </button>
            </li>
          ))}
        </ul>
      </section>
    </aside>
  );
}
