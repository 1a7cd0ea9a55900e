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
