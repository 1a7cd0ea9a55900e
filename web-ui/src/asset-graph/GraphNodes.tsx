import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import type { GraphNode } from "../api/catalog";
import { STATUS_COLOR, STATUS_LABEL, STATUSES, type AssetStatus } from "../assets/status";
import { formatTime } from "../ui/format";

export interface AssetNodeData extends Record<string, unknown> {
  asset: GraphNode;
  status: AssetStatus;
  inSelection: boolean;
}

export interface GroupNodeData extends Record<string, unknown> {
  group: string;
  counts: Record<AssetStatus, number>;
  total: number;
  selectedCount: number;
}

export interface FrameNodeData extends Record<string, unknown> {
  group: string;
  total: number;
}

export type AssetFlowNode = Node<AssetNodeData, "asset">;
export type FrameFlowNode = Node<FrameNodeData, "frame">;
export type GroupFlowNode = Node<GroupNodeData, "group">;

// Each box is a button for the keyboard; its click (or Enter) reaches React Flow's onNodeClick,
// which selects the asset or opens the group.

/**
 * One asset: its key, a status stripe and word with why it is stale, kinds and when it was last
 * materialized; each on its own line, the causes in full in the tooltip.
 */
export function AssetNode({ data }: NodeProps<AssetFlowNode>) {
  const { asset, status } = data;
  const causes = asset.stalenessCauses;
  return (
    <div
      className={`graph-node graph-asset${data.inSelection ? " graph-selected" : ""}`}
      style={{ borderLeftColor: STATUS_COLOR[status] }}
      data-status={status.toLowerCase()}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <button
        type="button"
        className="graph-node-button nodrag nopan"
        aria-pressed={data.inSelection}
        aria-label={`${asset.key}, ${STATUS_LABEL[status]}`}
        title={`${asset.key}: ${STATUS_LABEL[status]}${causes.length ? ` (${causes.join("; ")})` : ""}`}
      >
        <span className="graph-node-key">{asset.key}</span>
        <span className="graph-node-meta">
          <span className="graph-status" style={{ color: STATUS_COLOR[status] }}>
            {STATUS_LABEL[status]}
          </span>
          {causes.length > 0 && ` · ${causes[0]}`}
        </span>
        <span className="graph-node-meta">
          {asset.materializedAt ? formatTime(asset.materializedAt) : "no data"}
          {asset.kinds.length > 0 && ` · ${asset.kinds.join(", ")}`}
        </span>
      </button>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

/** A collapsed group: its name, how many assets in each status, and a button to open it. */
export function GroupNode({ data }: NodeProps<GroupFlowNode>) {
  const summary = STATUSES.filter((s) => data.counts[s] > 0)
    .map((s) => `${data.counts[s]} ${STATUS_LABEL[s].toLowerCase()}`)
    .join(", ");
  return (
    <div className={`graph-node graph-group${data.selectedCount ? " graph-selected" : ""}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <button
        type="button"
        className="graph-node-button nodrag nopan"
        aria-expanded={false}
        aria-label={`Group ${data.group}, ${data.total} assets: ${summary}. Expand`}
        title={`Expand group ${data.group}: ${summary}`}
      >
        <span className="graph-node-key">
          {data.group} <span className="muted">({data.total.toLocaleString()} assets)</span>
        </span>
        <span className="graph-group-bar" role="img" aria-label={summary}>
          {STATUSES.filter((s) => data.counts[s] > 0).map((s) => (
            <span key={s} style={{ flexGrow: data.counts[s], background: STATUS_COLOR[s] }} />
          ))}
        </span>
        <span className="graph-node-meta">
          {data.selectedCount > 0 ? `${data.selectedCount} selected · ` : ""}Expand
        </span>
      </button>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

/** An open group: a frame behind its assets, with its name and a button to collapse it. */
export function FrameNode({ data }: NodeProps<FrameFlowNode>) {
  return (
    <div className="graph-frame">
      <div className="graph-frame-header">
        <span className="graph-node-key">
          {data.group} <span className="muted">({data.total.toLocaleString()} assets)</span>
        </span>
        <button
          type="button"
          className="button-quiet nodrag nopan"
          data-collapse
          aria-expanded
          aria-label={`Collapse group ${data.group}`}
        >
          Collapse
        </button>
      </div>
    </div>
  );
}

export const nodeTypes = { asset: AssetNode, group: GroupNode, frame: FrameNode };
