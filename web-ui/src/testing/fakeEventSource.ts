import { vi } from "vitest";

/** A stand-in for the browser's EventSource: tests open, send and drop streams by hand. */
export class FakeEventSource {
  static opened: FakeEventSource[] = [];
  readonly listeners = new Map<string, ((event: Event) => void)[]>();
  closed = false;

  constructor(
    readonly url: string,
    readonly init?: EventSourceInit,
  ) {
    FakeEventSource.opened.push(this);
  }

  addEventListener(type: string, listener: (event: Event) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close() {
    this.closed = true;
  }

  private fire(type: string, event: Event) {
    this.listeners.get(type)?.forEach((listener) => listener(event));
  }

  open() {
    this.fire("open", new Event("open"));
  }

  /** Sends one `run_event` as the control plane does: `id: seq`, JSON data. */
  send(data: { seq: number }) {
    this.fire(
      "run_event",
      new MessageEvent("run_event", { data: JSON.stringify(data), lastEventId: String(data.seq) }),
    );
  }

  /** The connection drops (or the server ends the stream). */
  fail() {
    this.fire("error", new Event("error"));
  }

  static latest(): FakeEventSource {
    const last = FakeEventSource.opened[FakeEventSource.opened.length - 1];
    if (!last) throw new Error("no EventSource was opened");
    return last;
  }
}

/** Installs the fake as `EventSource` for this test. */
export function fakeEventSource() {
  FakeEventSource.opened = [];
  vi.stubGlobal("EventSource", FakeEventSource);
  return FakeEventSource;
}
