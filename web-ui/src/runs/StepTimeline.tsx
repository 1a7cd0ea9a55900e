import { millis } from "./RunBits";
import type { StepBar } from "./timeline";

const STATE_LABEL: Record<StepBar["state"], string> = {
  pending: "waiting",
  running: "running",
  succeeded: "succeeded",
  failed: "failed",
  skipped: "skipped",
  retrying: "up for retry",
};

/**
 * A Gantt-like chart of a run's steps: one row per step, a bar from its start to its end (or to
 * `now` while running), placed on the run's time axis, and how long it took (from its events' own
 * times). A table underneath for screen readers.
 */
export function StepTimeline({ steps, now }: { steps: StepBar[]; now: number }) {
  if (steps.length === 0) {
    return (
      <p className="muted">No step has started yet. Steps appear here as the agent runs them.</p>
    );
  }
  const starts = steps.flatMap((s) => (s.start === null ? [] : [s.start]));
  const origin = starts.length ? Math.min(...starts) : now;
  const ends = steps.map((s) => s.end ?? (s.start === null ? origin : now));
  const span = Math.max(1, Math.max(...ends, origin + 1) - origin);
  return (
    <figure className="timeline">
      <div className="timeline-rows" aria-hidden>
        {steps.map((s) => {
          const start = s.start ?? origin;
          const end = s.end ?? (s.start === null ? start : now);
          return (
            <div className="timeline-row" key={s.stepKey}>
              <span className="timeline-label" title={s.stepKey}>
                {s.stepKey}
              </span>
              <span className="timeline-track">
                {s.start !== null && (
                  <span
                    className={`timeline-bar timeline-${s.state}`}
                    style={{
                      left: `${((start - origin) / span) * 100}%`,
                      width: `max(3px, ${((end - start) / span) * 100}%)`,
                    }}
                    title={`${s.stepKey}: ${STATE_LABEL[s.state]}, ${end - start} ms`}
                  />
                )}
              </span>
              <span className="timeline-took">
                {s.start === null ? "" : millis((s.end ?? now) - s.start)}
              </span>
            </div>
          );
        })}
      </div>
      <figcaption className="muted">
        {steps.length} step{steps.length === 1 ? "" : "s"} over {Math.round(span)} ms
      </figcaption>
      <table className="visually-hidden">
        <caption>Steps</caption>
        <thead>
          <tr>
            <th>Step</th>
            <th>State</th>
            <th>Started after</th>
            <th>Took</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s) => (
            <tr key={s.stepKey}>
              <td>{s.stepKey}</td>
              <td>{STATE_LABEL[s.state]}</td>
              <td>{s.start === null ? "—" : `${s.start - origin} ms`}</td>
              <td>{s.start === null ? "—" : `${(s.end ?? now) - s.start} ms`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
