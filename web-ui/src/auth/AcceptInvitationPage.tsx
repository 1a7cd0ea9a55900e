import { useState, type FormEvent } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useLocation, useNavigate } from "react-router";
import { ApiError, signInPath } from "../api/client";
import { api } from "../api/endpoints";
import { ErrorMessage } from "../ui/ErrorMessage";
import { Loading } from "../ui/Loading";
import { AuthFrame } from "./AuthFrame";

/** The invitation code from `#token=…`: a fragment never reaches a server log. */
export function invitationToken(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, "")).get("token");
  return token && token.trim() ? token.trim() : null;
}

/**
 * `/invitations/accept#token=…`: joins the organization. Signed in, with the current account;
 * otherwise by creating an account for the invited email (name and password).
 */
export function AcceptInvitationPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const token = invitationToken(location.hash);
  const me = useQuery({
    queryKey: ["me", "optional"],
    queryFn: () =>
      api.me({ redirectOn401: false }).catch((e) => {
        if (e instanceof ApiError && e.status === 401) {
          return null;
        }
        throw e;
      }),
  });
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (!token) {
    return (
      <AuthFrame title="Accept an invitation">
        <p role="alert" className="error-message">
          This link has no invitation code. Open the whole link from your invitation, or ask the
          admin who invited you for a new one.
        </p>
      </AuthFrame>
    );
  }

  async function accept(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const joined = me.data
        ? await api.acceptInvitation(token!)
        : await api.acceptInvitation(token!, name, password);
      queryClient.clear();
      const org = joined.organizations[0];
      navigate(org ? `/orgs/${encodeURIComponent(org.slug)}` : "/", { replace: true });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  const here = location.pathname + location.hash;
  return (
    <AuthFrame title="Accept an invitation">
      {me.isPending && <Loading what="your account" />}
      {me.isError && <ErrorMessage error={me.error} />}
      {me.isSuccess && me.data && (
        <form onSubmit={accept} className="stacked-form">
          <p>
            You are signed in as <strong>{me.data.user.email}</strong>. The invitation must be for
            this email.
          </p>
          <ErrorMessage error={error} />
          <button type="submit" className="button-primary" disabled={busy}>
            Join the organization
          </button>
        </form>
      )}
      {me.isSuccess && !me.data && (
        <>
          <p>Create your account for the invited email to join the organization.</p>
          <form onSubmit={accept} className="stacked-form">
            <label htmlFor="name">Your name</label>
            <input
              id="name"
              autoComplete="name"
              required
              autoFocus
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <label htmlFor="new-password">Password</label>
            <input
              id="new-password"
              type="password"
              autoComplete="new-password"
              required
              minLength={10}
              aria-describedby="password-hint"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <p id="password-hint" className="muted">
              10 characters or more.
            </p>
            <ErrorMessage error={error} />
            <button type="submit" className="button-primary" disabled={busy}>
              Create account and join
            </button>
          </form>
          <p>
            Already have a Materia account with the invited email?{" "}
            <Link to={signInPath(here)}>Sign in first</Link>, then come back to this link.
          </p>
        </>
      )}
    </AuthFrame>
  );
}
