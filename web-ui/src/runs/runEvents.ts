import { useEffect, useLayoutEffect, useReducer, useRef, useState } from "react";
import { fillPath } from "../api/client";
import { api } from "../api/endpoints";
import type { RunEvent } from "../api/events";

/** A run's events so far, in seq order, each seq once. */
export interface EventLogState {
  events: RunEvent[];
  /** The highest seq the page holds; the stream resumes after it. */
  heldSeq: number;
  seen: Set<number>;
  finished: boolean;
}

export const emptyLog = (): EventLogState => ({
  events: [],
  heldSeq: 0,
  seen: new Set(),
  finished: false,
});

/**
 * Adds events to the log: an event whose seq is already held is dropped (a reconnect may replay
 * some), and out-of-order ones are put in their place. Returns the same state when nothing is new.
 */
export function appendEvents(state: EventLogState, incoming: RunEvent[]): EventLogState {
  const fresh = incoming.filter((e) => !state.seen.has(e.seq));
  if (fresh.length === 0) {
    return state;
  }
  const seen = new Set(state.seen);
  const unique: RunEvent[] = [];
  for (const event of fresh) {
    if (!seen.has(event.seq)) {
      seen.add(event.seq);
      unique.push(event);
    }
  }
  let events = [...state.events, ...unique];
  if (unique.some((e, i) => e.seq < (i === 0 ? state.heldSeq : unique[i - 1].seq))) {
    events = events.sort((a, b) => a.seq - b.seq);
  }
  return {
    events,
    seen,
    heldSeq: events[events.length - 1].seq,
    finished: state.finished || unique.some((e) => e.type === "run_finished"),
  };
}

/** How long the stream may lag behind the polled run before the missing events are read as a page. */
export const STALL_GRACE_MS = 2_000;

export type Connection = "connecting" | "live" | "reconnecting" | "done";

/**
 * A run's events, live: the SSE stream `…/events/stream?after=seq` (`event: run_event`), appended
 * and deduplicated by seq. When the stream drops before the run finished, the missed events are
 * read as a page (which also sends an expired session to sign-in) and the stream reopens after
 * the last seq held, waiting a little longer each time. When `run` (polled) names a seq the stream
 * has not brought within `STALL_GRACE_MS`, the missing events are read as a page. It stops at run_finished, or when `run`
 * says the run ended and every event up to its contiguousSeq is held. Without EventSource it reads pages.
 */
export function useRunEvents(
  org: string,
  deployment: string,
  runId: string,
  /** the run as last read: once it has finished and its events up to `contiguousSeq` are held, stop */
  run?: { finished: boolean; contiguousSeq: number },
) {
  const [state, dispatch] = useReducer(appendEvents, undefined, emptyLog);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(state);
  // A run cancelled before any agent took it has no run_finished event; its status says it ended.
  const ended = useRef(false);
  const runFinished = Boolean(run?.finished);
  const runContiguousSeq = run?.contiguousSeq ?? 0;
  // The stream's callbacks read the newest state through refs, set once a render is committed
  // (declared before the effects below, so they see it too).
  useLayoutEffect(() => {
    latest.current = state;
    ended.current = runFinished && state.heldSeq >= runContiguousSeq;
  }, [state, runFinished, runContiguousSeq]);
  const catchUpNow = useRef<(() => void) | null>(null);

  useEffect(() => {
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let failures = 0;
    const append = (events: RunEvent[]) => {
      dispatch(events);
      if (events.some((e) => e.type === "run_finished")) finish();
    };
    const finish = () => {
      source?.close();
      source = null;
      setConnection("done");
      stopped = true;
    };
    const catchUp = async () => {
      const page = await api.runEvents(org, deployment, runId, latest.current.heldSeq);
      append(page.events);
      setError(null);
      if (ended.current && page.events.length === 0) finish();
      return page;
    };
    const retryLater = () => {
      failures++;
      timer = setTimeout(open, Math.min(10_000, 500 * 2 ** Math.min(failures, 5)));
    };
    const open = () => {
      if (stopped) return;
      if (typeof EventSource === "undefined") {
        catchUp().then(
          () => !stopped && retryLater(),
          (e) => (setError(e), retryLater()),
        );
        return;
      }
      const path = fillPath("/api/v1/orgs/{org}/deployments/{deployment}/runs/{id}/events/stream", {
        org,
        deployment,
        id: runId,
      });
      source = new EventSource(`${path}?after=${latest.current.heldSeq}`, {
        withCredentials: true,
      });
      source.addEventListener("open", () => {
        failures = 0;
        setConnection("live");
      });
      source.addEventListener("run_event", (message) => {
        append([JSON.parse((message as MessageEvent<string>).data) as RunEvent]);
      });
      source.addEventListener("error", () => {
        source?.close();
        source = null;
        if (stopped) return;
        setConnection("reconnecting");
        catchUp().then(
          () => !stopped && retryLater(),
          (e) => {
            setError(e);
            retryLater();
          },
        );
      });
    };
    catchUpNow.current = () => {
      if (!stopped) catchUp().catch(setError);
    };
    open();
    return () => {
      stopped = true;
      catchUpNow.current = null;
      clearTimeout(timer);
      source?.close();
    };
  }, [org, deployment, runId]);

  // A safety net under the stream: when the polled run names events the stream has not brought
  // within a grace period (a stalled connection), read them as a page.
  useEffect(() => {
    if (runContiguousSeq <= latest.current.heldSeq) return;
    const timer = setTimeout(() => {
      if (runContiguousSeq > latest.current.heldSeq) catchUpNow.current?.();
    }, STALL_GRACE_MS);
    return () => clearTimeout(timer);
  }, [runContiguousSeq]);

  return { ...state, connection, error };
}
