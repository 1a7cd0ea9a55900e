import { useState, type FormEvent } from "react";
import { api } from "../api/endpoints";
import { atLeast, type CreatedToken, type Member, type TokenView } from "../api/model";
import { keys, useChange, useMembers, useTokens } from "../api/queries";
import { useWorkspace } from "../workspace/workspace";
import { ConfirmButton } from "../ui/ConfirmButton";
import { ErrorMessage } from "../ui/ErrorMessage";
import { formatTime } from "../ui/format";
import { Loading } from "../ui/Loading";
import { OneTimeSecret } from "../ui/OneTimeSecret";
import { Page } from "../ui/Page";

const EXPIRIES = [7, 30, 90, 180, 366];

/**
 * User API tokens (`mtu_`) for CI and scripts. Everyone manages their own; admins also see and
 * revoke every member's. A new token is shown once.
 */
export function ApiTokensPage() {
  const { org, role, me } = useWorkspace();
  const admin = atLeast(role, "admin");
  const tokens = useTokens(org.slug);
  const members = useMembers(org.slug);
  const create = useChange(
    (request: { name: string; expiresInDays: number; readOnly: boolean }) =>
      api.createToken(org.slug, {
        name: request.name,
        expiresInDays: request.expiresInDays,
        scopes: request.readOnly ? ["api:read"] : ["api:read", "api:write"],
      }),
    keys.tokens(org.slug),
  );
  const revoke = useChange((id: string) => api.revokeToken(org.slug, id), keys.tokens(org.slug));
  const [name, setName] = useState("");
  const [expiresInDays, setExpiresInDays] = useState(90);
  const [readOnly, setReadOnly] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const token = await create
      .mutateAsync({ name: name.trim(), expiresInDays, readOnly })
      .catch(() => null);
    if (token) {
      setCreated(token);
      setName("");
    }
  }

  return (
    <Page
      title="API tokens"
      lead={
        <>
          Tokens act as you in {org.name}, for CI jobs and scripts: send{" "}
          <code>Authorization: Bearer mtu_…</code>. They can do no more than your role allows.
        </>
      }
    >
      {created ? (
        <OneTimeSecret
          title={`Your new token “${created.details.name}”`}
          label="API token"
          secret={created.token}
          onDone={() => {
            setCreated(null);
            create.reset();
          }}
        />
      ) : (
        <section aria-labelledby="new-token">
          <h2 id="new-token">New token</h2>
          <form onSubmit={submit} className="inline-form">
            <label htmlFor="token-name">Name</label>
            <input
              id="token-name"
              required
              placeholder="ci-deploy"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <label htmlFor="token-expiry">Expires after</label>
            <select
              id="token-expiry"
              value={expiresInDays}
              onChange={(e) => setExpiresInDays(Number(e.target.value))}
            >
              {EXPIRIES.map((days) => (
                <option key={days} value={days}>
                  {days} days
                </option>
              ))}
            </select>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={readOnly}
                onChange={(e) => setReadOnly(e.target.checked)}
              />
              Read-only
            </label>
            <button type="submit" className="button-primary" disabled={create.isPending}>
              Create token
            </button>
          </form>
          <ErrorMessage error={create.error} prefix="Not created" />
        </section>
      )}

      <section aria-labelledby="token-list">
        <h2 id="token-list">{admin ? "Tokens of every member" : "Your tokens"}</h2>
        {tokens.isPending && <Loading what="tokens" />}
        <ErrorMessage error={tokens.error} />
        <ErrorMessage error={revoke.error} prefix="Not revoked" />
        {tokens.data && tokens.data.length === 0 && (
          <p className="empty-state">
            No API tokens yet. Create one above for a CI job, then store it in the job's secrets,
            for example as <code>MATERIA_TOKEN</code>.
          </p>
        )}
        {tokens.data && tokens.data.length > 0 && (
          <TokenTable
            tokens={tokens.data}
            owner={admin ? (token) => ownerOf(token, members.data ?? [], me.user.id) : undefined}
            onRevoke={(token) => revoke.mutate(token.id)}
          />
        )}
      </section>
    </Page>
  );
}

function ownerOf(token: TokenView, members: Member[], myId: string): string {
  if (token.userId === myId) {
    return "you";
  }
  const member = members.find((m) => m.userId === token.userId);
  return member ? member.email : "a former member";
}

/** A list of tokens (user or agent) with their prefix, scope, dates and a revoke button. */
export function TokenTable({
  tokens,
  owner,
  onRevoke,
  showDeployments = false,
}: {
  tokens: TokenView[];
  owner?: (token: TokenView) => string;
  onRevoke: (token: TokenView) => void;
  showDeployments?: boolean;
}) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Starts with</th>
          {owner && <th scope="col">Belongs to</th>}
          {showDeployments ? <th scope="col">Deployments</th> : <th scope="col">Scopes</th>}
          <th scope="col">Created</th>
          <th scope="col">Expires</th>
          <th scope="col">Last used</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((token) => (
          <tr key={token.id}>
            <td>{token.name}</td>
            <td>
              <code>{token.prefix}…</code>
            </td>
            {owner && <td>{owner(token)}</td>}
            <td>{(showDeployments ? token.deployments : token.scopes).join(", ")}</td>
            <td>{formatTime(token.createdAt)}</td>
            <td>{formatTime(token.expiresAt)}</td>
            <td>{formatTime(token.lastUsedAt)}</td>
            <td className="actions">
              <ConfirmButton
                label={`Revoke ${token.name}`}
                confirmLabel={`Revoke ${token.name} now`}
                question={`Revoke ${token.name}? Whatever uses it stops working at once.`}
                onConfirm={() => onRevoke(token)}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
