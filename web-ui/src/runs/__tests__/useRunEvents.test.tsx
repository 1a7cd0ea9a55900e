import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi } from "../../testing/fakeApi";
import { fakeEventSource } from "../../testing/fakeEventSource";
import { PROD, runEvents } from "../../testing/fixtures";
import { STALL_GRACE_MS, useRunEvents } from "../runEvents";

const RUN = "7a1c0000-0000-0000-0000-000000000001";
const STREAM = `${PROD}/runs/${RUN}/events/stream`;

describe("useRunEvents (SSE)", () => {
  it("opens the stream from the start and appends events as they come", async () => {
    const sources = fakeEventSource();
    fakeApi({});
    const { result } = renderHook(() => useRunEvents("acme", "prod", RUN));
    const source = sources.latest();
    expect(source.url).toBe(`${STREAM}?after=0`);
    act(() => source.open());
    expect(result.current.connection).toBe("live");
    const events = runEvents();
    act(() => {
      source.send(events[0]);
      source.send(events[1]);
    });
    expect(result.current.events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it("ignores an event whose seq it already holds", () => {
    const sources = fakeEventSource();
    fakeApi({});
    const { result } = renderHook(() => useRunEvents("acme", "prod", RUN));
    const events = runEvents();
    act(() => {
      const source = sources.latest();
      source.send(events[0]);
      source.send(events[1]);
      source.send(events[1]);
      source.send(events[0]);
    });
    expect(result.current.events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it("after a drop, reads what it missed and reopens after the last seq held", async () => {
    const sources = fakeEventSource();
    const events = runEvents();
    const api = fakeApi({
      [`GET ${PROD}/runs/${RUN}/events`]: { events: events.slice(1, 4), next: 4, contiguousSeq: 4 },
    });
    const { result } = renderHook(() => useRunEvents("acme", "prod", RUN));
    act(() => sources.latest().send(events[0]));
    act(() => sources.latest().fail());
    expect(result.current.connection).toBe("reconnecting");
    expect(sources.latest().closed).toBe(true);

    await waitFor(() => expect(result.current.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]));
    expect(api.calls[0].query).toEqual({ after: "1" });
    // The reconnect waits a second; the library's 10 s allow for a loaded machine.
    await waitFor(() => expect(sources.opened).toHaveLength(2));
    expect(sources.latest().url).toBe(`${STREAM}?after=4`);
  });

  it("stops at run_finished and does not reconnect when the server ends the stream", async () => {
    const sources = fakeEventSource();
    const api = fakeApi({});
    const { result } = renderHook(() => useRunEvents("acme", "prod", RUN));
    const source = sources.latest();
    act(() => runEvents().forEach((e) => source.send(e)));
    expect(result.current.finished).toBe(true);
    expect(result.current.connection).toBe("done");
    expect(source.closed).toBe(true);
    act(() => source.fail());
    expect(sources.opened).toHaveLength(1);
    expect(api.calls).toHaveLength(0);
  });

  it("closes the stream when the page goes away", () => {
    const sources = fakeEventSource();
    fakeApi({});
    const { unmount } = renderHook(() => useRunEvents("acme", "prod", RUN));
    unmount();
    expect(sources.latest().closed).toBe(true);
  });
});

describe("useRunEvents for a run that ended without run_finished", () => {
  it("stops once the run says it ended and its events are all held", async () => {
    const sources = fakeEventSource();
    const api = fakeApi({
      [`GET ${PROD}/runs/${RUN}/events`]: { events: [], next: 0, contiguousSeq: 0 },
    });
    const { result } = renderHook(() =>
      useRunEvents("acme", "prod", RUN, { finished: true, lastSeq: 0 }),
    );
    // The server ends the stream of a finished run at once.
    act(() => sources.latest().fail());
    await waitFor(() => expect(result.current.connection).toBe("done"));
    expect(api.calls).toHaveLength(1);
    expect(sources.opened).toHaveLength(1);
  });

  it("reads as a page the events a stalled stream has not brought, once the polled run names them", async () => {
    const sources = fakeEventSource();
    const events = runEvents();
    const api = fakeApi({
      [`GET ${PROD}/runs/${RUN}/events`]: { events: events.slice(1, 3), next: 3, contiguousSeq: 3 },
    });
    const { result, rerender } = renderHook(
      ({ lastSeq }) => useRunEvents("acme", "prod", RUN, { finished: false, lastSeq }),
      { initialProps: { lastSeq: 0 } },
    );
    act(() => sources.latest().open());
    act(() => sources.latest().send(events[0]));
    // The stream stays open but silent while the run moves on to seq 3.
    rerender({ lastSeq: 3 });
    expect(api.calls).toHaveLength(0);

    await waitFor(() => expect(result.current.events.map((e) => e.seq)).toEqual([1, 2, 3]), {
      timeout: STALL_GRACE_MS + 10_000, // the grace, then as long as any other wait
    });
    expect(api.calls[0].query).toEqual({ after: "1" });
    expect(result.current.connection).toBe("live");
    expect(sources.opened).toHaveLength(1);
  });
});
