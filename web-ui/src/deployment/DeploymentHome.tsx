import { Link } from "react-router";
import { atLeast } from "../api/model";
import { deploymentPath, useWorkspace } from "../app/workspace";
import { Page } from "../ui/Page";
import { AgentInstallSteps } from "../admin/AgentInstallSteps";

/**
 * A deployment's overview. Until the catalog, lineage and runs pages land, it tells a newcomer how
 * to get assets here: an agent, with a token, loading a code location.
 */
export function DeploymentHome() {
  const { org, deployment, role } = useWorkspace();
  const admin = atLeast(role, "admin");
  return (
    <Page title={deployment} lead={`Deployment in ${org.name}`}>
      <section className="empty-state" aria-labelledby="empty-home">
        <h2 id="empty-home">No assets in {deployment} yet</h2>
        <p>
          Assets, their lineage and runs appear here once an agent has loaded a code location for
          this deployment. An agent runs in your own infrastructure and connects out to Materia.
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
    </Page>
  );
}
