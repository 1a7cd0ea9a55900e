import { useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearchParams } from "react-router";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import { ReadinessBadge } from "../health/ReadinessBadge";
import { ErrorMessage } from "../ui/ErrorMessage";
import { AuthFrame } from "./AuthFrame";

/** Only paths inside the console are followed after sign-in, never another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/sign-in")
    ? next
    : "/";
}

/** Email and password; afterwards back to where the user was (`?next=`), else the console home. */
export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const next = safeNext(params.get("next"));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.login(email, password);
      queryClient.clear();
      navigate(next, { replace: true });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <AuthFrame title="Sign in to Materia">
      {params.get("expired") && (
        <p role="status" className="notice">
          Your session ended. Sign in again to continue where you were.
        </p>
      )}
      {params.get("signed-out") && (
        <p role="status" className="notice">
          You are signed out.
        </p>
      )}
      <form onSubmit={submit} className="stacked-form" aria-describedby="sign-in-error">
        <label htmlFor="email">Email</label>
        <input
          id="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={error instanceof ApiError && error.field === "email"}
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <div id="sign-in-error">
          <ErrorMessage error={error} />
        </div>
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p className="muted">
        Running <code>materia dev</code>? Sign in as <code>dev@localhost</code> with the password it
        printed. Invited to an organization? Open the link from the invitation.
      </p>
      <ReadinessBadge />
    </AuthFrame>
  );
}
