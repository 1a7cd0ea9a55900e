import type { RunStatus } from "../api/model";

const RUN_STATUS_CLASS: Record<string, string> = {
  QUEUED: "pending",
  STARTING: "running",
  STARTED: "running",
  SUCCESS: "ok",
  FAILURE: "bad",
  CANCELED: "muted",
};

export const RUN_STATUSES: RunStatus[] = [
  "QUEUED",
  "STARTING",
  "STARTED",
  "SUCCESS",
  "FAILURE",
  "CANCELED",
];

export function runStatusLabel(status: string): string {
  return status === "STARTED" ? "Running" : status.charAt(0) + status.slice(1).toLowerCase();
}

export function RunStatusBadge({ status }: { status: string }) {
  return (
    <span className={`run-status run-status-${RUN_STATUS_CLASS[status] ?? "muted"}`}>
      {runStatusLabel(status)}
    </span>
  );
}

/** "1.2 s", "3 min 4 s", from two ISO instants (the second defaults to now). */
export function duration(from: string | null | undefined, to?: string | null): string {
  if (!from) return "—";
  return millis((to ? Date.parse(to) : Date.now()) - Date.parse(from));
}

/** "51 ms", "1.2 s", "3 min 4 s". */
export function millis(ms: number): string {
  if (ms < 1000) return `${Math.max(0, ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
