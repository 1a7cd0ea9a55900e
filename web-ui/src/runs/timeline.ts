import type { RunEvent } from "../api/events";

export type StepState = "running" | "succeeded" | "failed" | "skipped" | "retrying" | "pending";

/** One bar of the step timeline. */
export interface StepBar {
  stepKey: string;
  state: StepState;
  /** ms since epoch; null for a step that never started */
  start: number | null;
  /** ms since epoch; null while running */
  end: number | null;
  attempts: number;
}

/**
 * The steps of a run from its events: planned steps (run_started) first, in plan order, then any
 * others as they start. The last attempt decides a step's state.
 */
export function stepTimeline(events: RunEvent[]): StepBar[] {
  const steps = new Map<string, StepBar>();
  const step = (key: string) => {
    let bar = steps.get(key);
    if (!bar) {
      bar = { stepKey: key, state: "pending", start: null, end: null, attempts: 0 };
      steps.set(key, bar);
    }
    return bar;
  };
  for (const event of events) {
    const at = Date.parse(event.timestamp);
    switch (event.type) {
      case "run_started":
        event.stepKeys.forEach(step);
        break;
      case "step_started": {
        const bar = step(event.stepKey);
        bar.start = bar.start ?? at;
        bar.end = null;
        bar.state = "running";
        bar.attempts = Math.max(bar.attempts, event.attempt);
        break;
      }
      case "step_succeeded":
        Object.assign(step(event.stepKey), { state: "succeeded", end: at });
        break;
      case "step_failed":
        Object.assign(step(event.stepKey), { state: "failed", end: at });
        break;
      case "step_up_for_retry":
        Object.assign(step(event.stepKey), { state: "retrying" });
        break;
      case "step_skipped": {
        const bar = step(event.stepKey);
        Object.assign(bar, { state: "skipped", start: bar.start ?? at, end: at });
        break;
      }
    }
  }
  return [...steps.values()];
}

/** Where compute logs are kept, from the agent's note in the log ("stdout …, stderr …"). */
export function computeLogs(events: RunEvent[]): { stdout: string; stderr: string } | null {
  for (const event of events) {
    if (event.type !== "log_line") continue;
    const match = /compute logs stay on the agent: stdout (\S+), stderr (\S+)/.exec(event.message);
    if (match) {
      return { stdout: match[1], stderr: match[2] };
    }
  }
  return null;
}
