import { Link } from "react-router";
import { atLeast } from "../api/model";
import { useAgents, useAssetGraph } from "../api/queries";
import { deploymentPath, useWorkspace } from "../workspace/workspace";
import { statusParam, type AssetStatus } from "../assets/status";
import { StatusBadge } from "../assets/AssetBits";
import { ErrorMessage } from "../ui/ErrorMessage";
import { Loading } from "../ui/Loading";
import { Page } from "../ui/Page";
import { AgentInstallSteps } from "../admin/AgentInstallSteps";
import { CodeLocationsPanel } from "./CodeLocationsPanel";

/**
 * A deployment's overview: its assets by status and its code locations (status, version, load
 * error). With no asset yet, it tells a newcomer how to get them here: an agent, with a token,
 * loading a code location.
 */
export function DeploymentHome() {
  const { org, deployment } = useWorkspace();
  const graph = useAssetGraph(org.slug, deployment, false);
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
      <CodeLocationsPanel org={org.slug} deployment={deployment} />
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
