import { describe, expect, it } from "vitest";
import { runEvents } from "../../testing/fixtures";
import { filterEvents } from "../EventLog";
import { appendEvents, emptyLog } from "../runEvents";
import { computeLogs, stepTimeline } from "../timeline";

describe("event log state", () => {
  it("appends in seq order and drops a seq it already holds", () => {
    const events = runEvents();
    let state = appendEvents(emptyLog(), events.slice(0, 4));
    state = appendEvents(state, events.slice(2, 6));
    expect(state.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(state.heldSeq).toBe(6);
    expect(state.finished).toBe(false);
  });

  it("puts a late event in its place and notices the run finished", () => {
    const events = runEvents();
    let state = appendEvents(emptyLog(), [events[0], events[2]]);
    state = appendEvents(state, [events[1], events[8]]);
    expect(state.events.map((e) => e.seq)).toEqual([1, 2, 3, 9]);
    expect(state.finished).toBe(true);
  });

  it("returns the same state when nothing is new", () => {
    const state = appendEvents(emptyLog(), runEvents());
    expect(appendEvents(state, runEvents().slice(3))).toBe(state);
  });
});

describe("step timeline", () => {
  it("has one bar per planned step with its start, end and outcome", () => {
    const steps = stepTimeline(runEvents());
    expect(steps.map((s) => [s.stepKey, s.state, s.end! - s.start!])).toEqual([
      ["raw_orders", "succeeded", 2000],
      ["sales_summary", "failed", 2000],
    ]);
  });

  it("shows a started step as running and a planned one as waiting", () => {
    const steps = stepTimeline(runEvents().slice(0, 4));
    expect(steps.map((s) => [s.stepKey, s.state, s.end])).toEqual([
      ["raw_orders", "running", null],
      ["sales_summary", "pending", null],
    ]);
  });
});

describe("compute logs and log filters", () => {
  it("reads where compute logs are kept from the agent's note", () => {
    expect(computeLogs(runEvents())).toEqual({
      stdout: "file:///var/materia/runs/r1/stdout.log",
      stderr: "file:///var/materia/runs/r1/stderr.log",
    });
    expect(computeLogs(runEvents().slice(2))).toBeNull();
  });

  it("filters by level and searches text and step", () => {
    const events = runEvents();
    expect(filterEvents(events, new Set(["ERROR"]), "").map((e) => e.seq)).toEqual([8, 9]);
    expect(
      filterEvents(events, new Set(["INFO", "WARN", "ERROR"]), "CUSTOMER").map((e) => e.seq),
    ).toEqual([4]);
    expect(
      filterEvents(events, new Set(["INFO", "WARN"]), "sales_summary").map((e) => e.seq),
    ).toEqual([1, 7]);
  });
});
