import { Link } from "react-router";
import type { CodeLocation } from "../api/catalog";
import { atLeast } from "../api/model";
import { useAgents, useAssetGraph, useCodeLocations } from "../api/queries";
import { deploymentPath, useWorkspace } from "../workspace/workspace";
import { statusParam, type AssetStatus } from "../assets/status";
import { StatusBadge } from "../assets/AssetBits";
import { ErrorMessage, LoadError } from "../ui/ErrorMessage";
import { formatTime } from "../ui/format";
import { Loading } from "../ui/Loading";
import { Page } from "../ui/Page";
import { AgentInstallSteps } from "../admin/AgentInstallSteps";

/**
 * A deployment's overview: its assets by status and its code locations (status, version, load
 * error). With no asset yet, it tells a newcomer how to get them here: an agent, with a token,
 * loading a code location.
 */
export function DeploymentHome() {
  const { org, deployment } = useWorkspace();
  const graph = useAssetGraph(org.slug, deployment, false);
  const locations = useCodeLocations(org.slug, deployment);
  const to = (page: string) => deploymentPath(org.slug, deployment, page);
  return (
    <Page title={deployment} lead={`Deployment in ${org.name}`}>
      {graph.data && graph.data.nodes.length > 0 && <NoAgentNotice />}
      {graph.isPending ? (
        <Loading what="assets" />
      ) : graph.isError ? (
        <ErrorMessage error={graph.error} prefix="Assets could not be loaded" />
      ) : graph.data.nodes.length === 0 ? (
        <NoAssetsYet />
      ) : (
        <section aria-labelledby="assets-summary">
          <h2 id="assets-summary">
            {graph.data.nodes.length.toLocaleString()} assets in{" "}
            {new Set(graph.data.nodes.map((n) => n.group)).size} groups
          </h2>
          <ul className="plain-list">
            {Object.entries(countByStatus(graph.data.nodes.map((n) => n.status))).map(
              ([status, count]) => (
                <li key={status}>
                  <Link to={to(`assets?status=${statusParam(status as AssetStatus)}`)}>
                    <StatusBadge status={status as AssetStatus} />
                  </Link>
                  : {count.toLocaleString()}
                </li>
              ),
            )}
          </ul>
          <p className="button-row">
            <Link to={to("assets")}>Browse the catalog</Link>
            <Link to={to("lineage")}>See the lineage graph</Link>
            <Link to={to("runs")}>See the runs</Link>
          </p>
        </section>
      )}
      <section aria-labelledby="code-locations">
        <h2 id="code-locations">Code locations</h2>
        {locations.isPending ? (
          <Loading what="code locations" />
        ) : locations.isError ? (
          <ErrorMessage error={locations.error} prefix="Code locations could not be loaded" />
        ) : locations.data.length === 0 ? (
          <p className="muted">
            None registered yet. CI registers one with{" "}
            <code>
              POST /api/v1/orgs/{org.slug}/deployments/{deployment}/code-locations
            </code>{" "}
            (name, artifact, version); an agent then loads it.
          </p>
        ) : (
          <CodeLocationTable locations={locations.data} />
        )}
      </section>
    </Page>
  );
}

/** Assets but no agent up: runs would wait in the queue, so say so and where to fix it. */
function NoAgentNotice() {
  const { org, deployment } = useWorkspace();
  const agents = useAgents(org.slug);
  if (!agents.data || agents.data.some((a) => a.status === "up")) return null;
  return (
    <p className="notice" role="status">
      No agent connected: runs stay queued until one connects.{" "}
      <Link to={deploymentPath(org.slug, deployment, "settings/agents")}>
        Here is how to install one
      </Link>
      .
    </p>
  );
}

function countByStatus(statuses: AssetStatus[]): Partial<Record<AssetStatus, number>> {
  const counts: Partial<Record<AssetStatus, number>> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

const LOAD_LABEL: Record<CodeLocation["status"], string> = {
  PENDING: "Waiting for an agent",
  LOADING: "Loading",
  LOADED: "Loaded",
  FAILED: "Failed to load",
};

function CodeLocationTable({ locations }: { locations: CodeLocation[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Version</th>
          <th scope="col">Status</th>
          <th scope="col">Snapshot</th>
        </tr>
      </thead>
      <tbody>
        {locations.map((l) => (
          <tr key={l.name}>
            <th scope="row">{l.name}</th>
            <td>
              <code>{l.version}</code>
            </td>
            <td>
              {LOAD_LABEL[l.status] ?? l.status}
              <LoadError error={l.loadError} />
            </td>
            <td>
              {l.snapshot
                ? `${l.snapshot.assetCount} assets, ${l.snapshot.checkCount} checks, uploaded ${formatTime(l.snapshot.uploadedAt)}`
                : "none yet"}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** No asset yet: how to get an agent to load a code location. */
function NoAssetsYet() {
  const { org, deployment, role } = useWorkspace();
  const admin = atLeast(role, "admin");
  return (
    <section className="empty-state" aria-labelledby="empty-home">
      <h2 id="empty-home">No assets in {deployment} yet</h2>
      <p>
        Assets, their lineage and runs appear here once an agent has loaded a code location for this
        deployment. An agent runs in your own infrastructure and connects out to Materia.
      </p>
      {admin ? (
        <>
          <AgentInstallSteps deployment={deployment} />
          <p>
            <Link
              className="button-primary"
              to={deploymentPath(org.slug, deployment, "settings/agents")}
            >
              Create an agent token
            </Link>
          </p>
        </>
      ) : (
        <p>
          Installing an agent needs an admin of {org.name}: ask one to create an agent token for{" "}
          <strong>{deployment}</strong> and start <code>materia agent</code> with it.
        </p>
      )}
    </section>
  );
}
