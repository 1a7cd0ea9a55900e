import { useMemo, useState } from "react";
import { describe, levelOf, stepOf, type LogLevel, type RunEvent } from "../api/events";

const LEVELS: LogLevel[] = ["INFO", "WARN", "ERROR"];
/** The log keeps the DOM small: past this many matching events, the oldest are left out. */
export const LOG_WINDOW = 2000;

/** Which events a level filter and a search keep; search matches the text and the step. */
export function filterEvents(
  events: RunEvent[],
  levels: ReadonlySet<LogLevel>,
  search: string,
): RunEvent[] {
  const needle = search.trim().toLowerCase();
  return events.filter(
    (e) =>
      levels.has(levelOf(e)) &&
      (!needle ||
        describe(e).toLowerCase().includes(needle) ||
        (stepOf(e) ?? "").toLowerCase().includes(needle)),
  );
}

/** The run's event log with level filters and a search, newest at the bottom. */
export function EventLog({ events }: { events: RunEvent[] }) {
  const [levels, setLevels] = useState<Set<LogLevel>>(() => new Set(LEVELS));
  const [search, setSearch] = useState("");
  const shown = useMemo(() => filterEvents(events, levels, search), [events, levels, search]);
  const windowed = shown.length > LOG_WINDOW ? shown.slice(-LOG_WINDOW) : shown;
  return (
    <section aria-labelledby="event-log">
      <h2 id="event-log">Event log</h2>
      <div className="filters" role="group" aria-label="Filter the event log">
        {LEVELS.map((level) => (
          <label key={level} className="checkbox">
            <input
              type="checkbox"
              checked={levels.has(level)}
              onChange={(e) => {
                const next = new Set(levels);
                if (e.target.checked) next.add(level);
                else next.delete(level);
                setLevels(next);
              }}
            />
            {level.charAt(0) + level.slice(1).toLowerCase()}
          </label>
        ))}
        <label>
          Search the log
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
      </div>
      <p className="muted" aria-live="polite">
        {shown.length === events.length
          ? `${events.length} events`
          : `${shown.length} of ${events.length} events match`}
        {windowed.length < shown.length ? `; the newest ${LOG_WINDOW} are shown` : ""}
      </p>
      <ol className="event-log" role="log" aria-label="Run events">
        {windowed.map((e) => {
          const level = levelOf(e);
          return (
            <li key={e.seq} className={`event event-${level.toLowerCase()}`}>
              <span className="event-seq">{e.seq}</span>
              <time dateTime={e.timestamp}>{new Date(e.timestamp).toLocaleTimeString()}</time>
              <span className="event-level">{level}</span>
              <span className="event-step">{stepOf(e) ?? ""}</span>
              <span className="event-text">
                {describe(e)}
                {(e.type === "step_failed" || e.type === "step_up_for_retry") &&
                  e.error.stackTrace && (
                    <details>
                      <summary>Stack trace</summary>
                      <pre>{e.error.stackTrace}</pre>
                    </details>
                  )}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
