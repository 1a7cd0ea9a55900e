import { createContext, useContext, useEffect, useRef, useState } from "react";
import { handleLayout, layoutRequest, type LayoutResponse, type VisibleGraph } from "./layout";

/** Lays out one request; the page does not care where. */
export type LayoutEngine = (request: ReturnType<typeof layoutRequest>) => Promise<LayoutResponse>;

/** A layout engine backed by one Web Worker, answering each request by its id. */
export function workerEngine(): LayoutEngine {
  let worker: Worker | null = null;
  const waiting = new Map<number, (response: LayoutResponse) => void>();
  return (request) => {
    if (!worker) {
      worker = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
      worker.onmessage = (message: MessageEvent<LayoutResponse>) => {
        waiting.get(message.data.id)?.(message.data);
        waiting.delete(message.data.id);
      };
      worker.onerror = (event) => {
        waiting.forEach((resolve, id) =>
          resolve({ id, error: event.message || "layout worker failed" }),
        );
        waiting.clear();
      };
    }
    return new Promise((resolve) => {
      waiting.set(request.id, resolve);
      worker!.postMessage(request);
    });
  };
}

/** ELK on the calling thread: for tests and environments without workers (jsdom). */
export function inThreadEngine(): LayoutEngine {
  return async (request) => {
    const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
    return handleLayout(new ELK(), request);
  };
}

let shared: LayoutEngine | null = null;
function defaultEngine(): LayoutEngine {
  shared ??= typeof Worker === "undefined" ? inThreadEngine() : workerEngine();
  return shared;
}

export const LayoutEngineContext = createContext<LayoutEngine | null>(null);

export type Layout =
  | { state: "pending" }
  | {
      state: "ready";
      positions: Record<string, { x: number; y: number }>;
      sizes: Record<string, { width: number; height: number }>;
      millis: number;
      graph: VisibleGraph;
    }
  | { state: "failed"; error: string };

/**
 * Lays out `graph` whenever it changes; an answer for an older graph, or after the page has gone,
 * is ignored.
 */
export function useLayout(graph: VisibleGraph | null): Layout {
  const engine = useContext(LayoutEngineContext) ?? defaultEngine();
  const [layout, setLayout] = useState<Layout>({ state: "pending" });
  const counter = useRef(0);
  useEffect(() => {
    if (!graph) return;
    const id = ++counter.current;
    let mounted = true;
    engine(layoutRequest(id, graph)).then((response) => {
      if (!mounted || response.id !== counter.current) return;
      setLayout(
        "error" in response
          ? { state: "failed", error: response.error }
          : {
              state: "ready",
              positions: response.positions,
              sizes: response.sizes,
              millis: response.millis,
              graph,
            },
      );
    });
    return () => {
      mounted = false; // an answer after the page has gone sets nothing
    };
  }, [graph, engine]);
  return layout;
}
