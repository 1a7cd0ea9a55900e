import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../api/endpoints";
import { atLeast } from "../api/model";
import { keys, useChange, useDeployments } from "../api/queries";
import { deploymentPath, useWorkspace } from "../workspace/workspace";
import { ConfirmButton } from "../ui/ConfirmButton";
import { ErrorMessage } from "../ui/ErrorMessage";
import { formatTime } from "../ui/format";
import { Loading } from "../ui/Loading";
import { Page } from "../ui/Page";

/** The organization's deployments: everyone sees them; admins create and delete (not prod). */
export function DeploymentsPage() {
  const { org, deployment: current, role } = useWorkspace();
  const admin = atLeast(role, "admin");
  const deployments = useDeployments(org.slug);
  const navigate = useNavigate();
  const create = useChange(
    (name: string) => api.createDeployment(org.slug, name),
    keys.deployments(org.slug),
  );
  const remove = useChange(
    (name: string) => api.deleteDeployment(org.slug, name),
    keys.deployments(org.slug),
  );
  const [name, setName] = useState("");

  async function submit(event: FormEvent) {
    event.preventDefault();
    const created = await create.mutateAsync(name.trim()).catch(() => null);
    if (created) {
      setName("");
    }
  }

  return (
    <Page
      title="Deployments"
      lead="Isolated environments of the organization: prod, staging, or one per pull request."
    >
      {deployments.isPending && <Loading what="deployments" />}
      <ErrorMessage error={deployments.error} />
      <ErrorMessage error={remove.error} prefix="Not deleted" />
      {deployments.data && (
        <table>
          <caption className="visually-hidden">Deployments of {org.name}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              {admin && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {deployments.data.map((d) => (
              <tr key={d.id}>
                <td>
                  <Link to={deploymentPath(org.slug, d.name)}>{d.name}</Link>
                  {d.name === current && <span className="muted"> (open now)</span>}
                </td>
                <td>{formatTime(d.createdAt)}</td>
                {admin && (
                  <td className="actions">
                    {d.name === "prod" ? (
                      <span className="muted">prod cannot be deleted</span>
                    ) : (
                      <ConfirmButton
                        label={`Delete ${d.name}`}
                        confirmLabel={`Delete ${d.name} and everything in it`}
                        question={`Delete ${d.name}?`}
                        onConfirm={async () => {
                          await remove.mutateAsync(d.name).catch(() => null);
                          if (d.name === current) {
                            navigate(`/orgs/${encodeURIComponent(org.slug)}`, { replace: true });
                          }
                        }}
                      />
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {admin ? (
        <section aria-labelledby="new-deployment">
          <h2 id="new-deployment">New deployment</h2>
          <form onSubmit={submit} className="inline-form">
            <label htmlFor="deployment-name">Name</label>
            <input
              id="deployment-name"
              required
              aria-describedby="deployment-name-hint"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <button type="submit" className="button-primary" disabled={create.isPending}>
              Create deployment
            </button>
            <p id="deployment-name-hint" className="muted hint">
              Lower-case letters, digits and dashes, like <code>staging</code> or <code>pr-42</code>
              .
            </p>
          </form>
          <ErrorMessage error={create.error} prefix="Not created" />
          {create.isSuccess && (
            <p role="status">
              Created{" "}
              <Link to={deploymentPath(org.slug, create.data.name)}>{create.data.name}</Link>.
            </p>
          )}
        </section>
      ) : (
        <p className="muted">Admins of {org.name} create and delete deployments.</p>
      )}
    </Page>
  );
}
