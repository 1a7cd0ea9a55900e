/**
 * Run events as the wire carries them: shared-api's sealed `dev.materia.api.RunEvent`, which the
 * OpenAPI document describes as `oneOf` its records with `type` as the discriminator. The fields
 * come from those schemas; this file adds only what the generated types cannot say: each record's
 * `type` value (the discriminator mapping), and that metadata values are any JSON.
 */
import type { components } from "./schema";

type Schemas = components["schemas"];

export type LogLevel = Schemas["LogLevel"];
export type ErrorInfo = Schemas["ErrorInfo"];

/** A record's schema as sent: its `type` name, and metadata as JSON values. */
type Wire<S, T extends string> = Omit<S, "type" | "metadata"> & { type: T } & (S extends {
    metadata: unknown;
  }
    ? { metadata: Record<string, unknown> }
    : unknown);

export type RunEvent =
  | Wire<Schemas["RunStarted"], "run_started">
  | Wire<Schemas["RunFinished"], "run_finished">
  | Wire<Schemas["StepStarted"], "step_started">
  | Wire<Schemas["StepSucceeded"], "step_succeeded">
  | Wire<Schemas["StepFailed"], "step_failed">
  | Wire<Schemas["StepUpForRetry"], "step_up_for_retry">
  | Wire<Schemas["StepSkipped"], "step_skipped">
  | Wire<Schemas["AssetMaterialized"], "asset_materialized">
  | Wire<Schemas["CheckEvaluated"], "check_evaluated">
  | Wire<Schemas["LogLine"], "log_line">;

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
