/**
 * Run events as the wire carries them (shared-api `dev.materia.api.RunEvent`, a sealed interface
 * with a `type` property). The OpenAPI document describes `RunEvent` as an empty object, so the
 * union is typed here from the shared-api records; the names match them one for one.
 */

export type LogLevel = "INFO" | "WARN" | "ERROR";
export type RunStatusName = "QUEUED" | "STARTING" | "STARTED" | "SUCCESS" | "FAILURE" | "CANCELED";

export interface ErrorInfo {
  className: string;
  message: string;
  stackTrace: string;
}

interface Common {
  runId: string;
  seq: number;
  timestamp: string;
}

export type RunEvent =
  | (Common & {
      type: "run_started";
      selection: string;
      partitionKey?: string | null;
      stepKeys: string[];
    })
  | (Common & {
      type: "run_finished";
      status: RunStatusName;
      durationMillis: number;
      message?: string | null;
    })
  | (Common & {
      type: "step_started";
      stepKey: string;
      assetKey: string;
      partitionKey?: string | null;
      attempt: number;
    })
  | (Common & { type: "step_succeeded"; stepKey: string; attempt: number; durationMillis: number })
  | (Common & { type: "step_failed"; stepKey: string; attempt: number; error: ErrorInfo })
  | (Common & {
      type: "step_up_for_retry";
      stepKey: string;
      attempt: number;
      delayMillis: number;
      error: ErrorInfo;
    })
  | (Common & { type: "step_skipped"; stepKey: string; reason: string })
  | (Common & {
      type: "asset_materialized";
      stepKey: string;
      assetKey: string;
      partitionKey?: string | null;
      dataVersion: string;
      codeVersion?: string | null;
      inputDataVersions: Record<string, string>;
      metadata: Record<string, unknown>;
    })
  | (Common & {
      type: "check_evaluated";
      stepKey: string;
      assetKey: string;
      checkName: string;
      partitionKey?: string | null;
      passed: boolean;
      severity: "WARN" | "ERROR";
      blocking: boolean;
      description: string;
      metadata: Record<string, unknown>;
    })
  | (Common & { type: "log_line"; stepKey?: string | null; level: LogLevel; message: string });

export type RunEventType = RunEvent["type"];

/** The step an event belongs to, or null for run-level events. */
export function stepOf(event: RunEvent): string | null {
  return "stepKey" in event ? (event.stepKey ?? null) : null;
}

/** The level an event is shown at in the log: failures are errors, retries warnings. */
export function levelOf(event: RunEvent): LogLevel {
  switch (event.type) {
    case "log_line":
      return event.level;
    case "step_failed":
      return "ERROR";
    case "step_up_for_retry":
      return "WARN";
    case "check_evaluated":
      return event.passed ? "INFO" : event.severity === "ERROR" ? "ERROR" : "WARN";
    case "run_finished":
      return event.status === "FAILURE" ? "ERROR" : "INFO";
    default:
      return "INFO";
  }
}

/** One line of text for an event, for the log and for search. */
export function describe(event: RunEvent): string {
  switch (event.type) {
    case "run_started":
      return `Run started: ${event.stepKeys.length} step(s) for ${event.selection || "the selection"}`;
    case "run_finished":
      return `Run finished: ${event.status}${event.message ? ` — ${event.message}` : ""}`;
    case "step_started":
      return `Step ${event.stepKey} started (attempt ${event.attempt})${event.partitionKey ? ` for partition ${event.partitionKey}` : ""}`;
    case "step_succeeded":
      return `Step ${event.stepKey} succeeded in ${event.durationMillis} ms`;
    case "step_failed":
      return `Step ${event.stepKey} failed: ${event.error.className}: ${event.error.message}`;
    case "step_up_for_retry":
      return `Step ${event.stepKey} failed (${event.error.message}); retrying in ${event.delayMillis} ms`;
    case "step_skipped":
      return `Step ${event.stepKey} skipped${event.reason ? `: ${event.reason}` : ""}`;
    case "asset_materialized":
      return `Materialized ${event.assetKey}${event.partitionKey ? ` [${event.partitionKey}]` : ""}`;
    case "check_evaluated":
      return `Check ${event.checkName} on ${event.assetKey} ${event.passed ? "passed" : `failed (${event.severity})`}`;
    case "log_line":
      return event.message;
  }
}
