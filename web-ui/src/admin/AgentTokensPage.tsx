import { useState, type FormEvent } from "react";
import { api } from "../api/endpoints";
import { atLeast, type CreatedToken } from "../api/model";
import { keys, useAgentTokens, useChange } from "../api/queries";
import { useWorkspace } from "../app/workspace";
import { ErrorMessage } from "../ui/ErrorMessage";
import { Loading } from "../ui/Loading";
import { OneTimeSecret } from "../ui/OneTimeSecret";
import { Page } from "../ui/Page";
import { AgentInstallSteps } from "./AgentInstallSteps";
import { TokenTable } from "./ApiTokensPage";

/**
 * Agent tokens (`mta_`, admins only): each names the deployments its agent may serve, and is shown
 * once. With none yet, the page explains how to install an agent.
 */
export function AgentTokensPage() {
  const { org, role } = useWorkspace();
  const admin = atLeast(role, "admin");
  if (!admin) {
    return (
      <Page title="Agents">
        <p>
          Agents and their tokens are managed by admins of {org.name}. Ask one of them to connect an
          agent.
        </p>
      </Page>
    );
  }
  return <AgentTokensForAdmins />;
}

function AgentTokensForAdmins() {
  const { org, deployment, deployments } = useWorkspace();
  const tokens = useAgentTokens(org.slug);
  const create = useChange(
    (request: { name: string; deployments: string[] }) => api.createAgentToken(org.slug, request),
    keys.agentTokens(org.slug),
  );
  const revoke = useChange(
    (id: string) => api.revokeAgentToken(org.slug, id),
    keys.agentTokens(org.slug),
  );
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState<string[]>([deployment]);
  const [created, setCreated] = useState<CreatedToken | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const token = await create
      .mutateAsync({ name: name.trim(), deployments: chosen })
      .catch(() => null);
    if (token) {
      setCreated(token);
      setName("");
    }
  }

  const none = tokens.data !== undefined && tokens.data.length === 0;
  return (
    <Page
      title="Agents"
      lead="An agent runs in your infrastructure, loads your code locations and runs them. It connects out to Materia with an agent token."
    >
      {none && !created && (
        <section className="empty-state" aria-labelledby="no-agent">
          <h2 id="no-agent">No agent connected: here is how to install one</h2>
          <AgentInstallSteps deployment={deployment} />
        </section>
      )}
      {created ? (
        <OneTimeSecret
          title={`Agent token “${created.details.name}”`}
          label="Agent token"
          secret={created.token}
          onDone={() => {
            setCreated(null);
            create.reset();
          }}
        >
          <p>Start the agent with it:</p>
          <AgentInstallSteps deployment={created.details.deployments} token={created.token} />
        </OneTimeSecret>
      ) : (
        <section aria-labelledby="new-agent-token">
          <h2 id="new-agent-token">New agent token</h2>
          <form onSubmit={submit} className="stacked-form">
            <label htmlFor="agent-token-name">Name</label>
            <input
              id="agent-token-name"
              required
              placeholder="eu-cluster"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <fieldset>
              <legend>Deployments it may serve</legend>
              {deployments.map((d) => (
                <label key={d.id} className="checkbox">
                  <input
                    type="checkbox"
                    checked={chosen.includes(d.name)}
                    onChange={(e) =>
                      setChosen(
                        e.target.checked ? [...chosen, d.name] : chosen.filter((n) => n !== d.name),
                      )
                    }
                  />
                  {d.name}
                </label>
              ))}
            </fieldset>
            <button
              type="submit"
              className="button-primary"
              disabled={create.isPending || chosen.length === 0}
            >
              Create agent token
            </button>
            {chosen.length === 0 && <p className="muted">Choose at least one deployment.</p>}
          </form>
          <ErrorMessage error={create.error} prefix="Not created" />
        </section>
      )}
      <section aria-labelledby="agent-token-list">
        <h2 id="agent-token-list">Agent tokens</h2>
        {tokens.isPending && <Loading what="agent tokens" />}
        <ErrorMessage error={tokens.error} />
        <ErrorMessage error={revoke.error} prefix="Not revoked" />
        {none && <p className="muted">None yet.</p>}
        {tokens.data && tokens.data.length > 0 && (
          <TokenTable
            tokens={tokens.data}
            showDeployments
            onRevoke={(token) => revoke.mutate(token.id)}
          />
        )}
      </section>
    </Page>
  );
}
