import { ApiError } from "../api/client";

/** A refusal or failure, in words a person can act on; announced to screen readers. */
export function ErrorMessage({ error, prefix }: { error: unknown; prefix?: string }) {
  if (!error) {
    return null;
  }
  const message =
    error instanceof ApiError || error instanceof Error ? error.message : String(error);
  return (
    <p role="alert" className="error-message">
      {prefix ? `${prefix}: ` : ""}
      {capitalize(message)}
    </p>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An error an agent reported while loading code (class and message), under the state it explains. */
export function LoadError({ error }: { error?: { className: string; message: string } | null }) {
  if (!error) return null;
  return (
    <p className="error-message">
      {error.className}: {error.message}
    </p>
  );
}
