import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { deployments, fakeApi, meAs, renderConsole } from "../../testing/fakeApi";
import { fakeEventSource } from "../../testing/fakeEventSource";
import { PROD, run, runEvents } from "../../testing/fixtures";

const RUN = "7a1c0000-0000-0000-0000-000000000001";
const RUN_PATH = `/orgs/acme/deployments/prod/runs/${RUN}`;

function console_(role: string, handlers: Record<string, unknown> = {}) {
  return fakeApi({
    "GET /api/v1/me": meAs(role),
    "GET /api/v1/orgs/acme/deployments": deployments,
    ...(handlers as object),
  });
}

describe("runs list", () => {
  it("lists runs with status and selection, and filters by status through the API", async () => {
    const api = console_("viewer", {
      [`GET ${PROD}/runs`]: () => ({
        runs: [
          run(),
          run({
            id: "b2000000-0000-0000-0000-000000000002",
            status: "FAILURE",
            selection: "orders*",
          }),
        ],
        nextCursor: null,
      }),
    });
    const user = userEvent.setup();
    renderConsole("/orgs/acme/deployments/prod/runs");

    const link = await screen.findByRole("link", { name: "7a1c0000" });
    expect(link.getAttribute("href")).toBe(RUN_PATH);
    const failed = screen.getByText("orders*").closest("tr")!;
    expect(within(failed).getByText("Failure")).toBeTruthy();
    expect(
      within(screen.getByText("sales_summary").closest("tr")!).getByText("Running"),
    ).toBeTruthy();

    await user.selectOptions(screen.getByRole("combobox", { name: "Status" }), "In flight");
    await waitFor(() => expect(api.calls.at(-1)?.query.status).toBe("QUEUED,STARTING,STARTED"));
  });

  it("tells a newcomer where runs come from", async () => {
    console_("viewer", { [`GET ${PROD}/runs`]: { runs: [], nextCursor: null } });
    renderConsole("/orgs/acme/deployments/prod/runs");
    await screen.findByRole("heading", { name: "No runs in prod yet" });
    expect(screen.getByRole("link", { name: "lineage graph" })).toBeTruthy();
  });
});

describe("run detail", () => {
  it("draws the step timeline, says where compute logs are, and shows the live log", async () => {
    const sources = fakeEventSource();
    console_("viewer", { [`GET ${PROD}/runs/${RUN}`]: run() });
    renderConsole(RUN_PATH);
    await screen.findByRole("heading", { name: "Run 7a1c0000" });
    const source = sources.latest();
    expect(source.url).toBe(`${PROD}/runs/${RUN}/events/stream?after=0`);
    act(() => {
      source.open();
      runEvents()
        .slice(0, 7)
        .forEach((e) => source.send(e));
    });

    const steps = screen.getByRole("table", { name: "Steps" });
    expect(within(steps).getByRole("cell", { name: "succeeded" })).toBeTruthy();
    expect(within(steps).getByRole("cell", { name: "running" })).toBeTruthy();
    expect(screen.getByText("file:///var/materia/runs/r1/stdout.log")).toBeTruthy();
    const log = screen.getByRole("log", { name: "Run events" });
    expect(within(log).getAllByRole("listitem")).toHaveLength(7);
    expect(screen.getByText(/Live: new events appear/)).toBeTruthy();
    // No viewer may cancel.
    expect(screen.queryByRole("button", { name: "Cancel run" })).toBeNull();
  });

  it("shows how long the run and each step took, from their own times", async () => {
    const sources = fakeEventSource();
    console_("viewer", {
      [`GET ${PROD}/runs/${RUN}`]: run({
        status: "FAILURE",
        startedAt: "2026-11-21T10:00:01.000Z",
        finishedAt: "2026-11-21T10:00:01.051Z",
      }),
    });
    renderConsole(RUN_PATH);
    await screen.findByRole("heading", { name: "Run 7a1c0000" });
    act(() => runEvents().forEach((e) => sources.latest().send(e)));
    const facts = screen.getByText("Took", { selector: "dt" }).closest("dl")!;
    expect(within(facts).getByText("51 ms")).toBeTruthy();
    // Steps from their events: raw_orders started at :02 and succeeded at :04.
    const row = (step: string) =>
      screen.getByTitle(step, { exact: true }).closest<HTMLElement>(".timeline-row")!;
    expect(row("raw_orders").textContent).toBe("raw_orders2.0 s");
    expect(row("sales_summary").textContent).toBe("sales_summary2.0 s");
  });

  it("says the run has finished only once its status is terminal", async () => {
    const sources = fakeEventSource();
    console_("viewer", { [`GET ${PROD}/runs/${RUN}`]: run({ status: "STARTED" }) });
    renderConsole(RUN_PATH);
    await screen.findByRole("heading", { name: "Run 7a1c0000" });
    // The stream brings run_finished before the next poll says the run ended.
    act(() => runEvents().forEach((e) => sources.latest().send(e)));
    expect(screen.queryByText(/The run has finished/)).toBeNull();
    expect(screen.getByText(/waiting for the run's final status/)).toBeTruthy();
  });

  it("filters the log by level and by search", async () => {
    const sources = fakeEventSource();
    console_("viewer", { [`GET ${PROD}/runs/${RUN}`]: run({ status: "FAILURE" }) });
    const user = userEvent.setup();
    renderConsole(RUN_PATH);
    await screen.findByRole("heading", { name: "Run 7a1c0000" });
    act(() => runEvents().forEach((e) => sources.latest().send(e)));
    const log = screen.getByRole("log", { name: "Run events" });
    expect(within(log).getAllByRole("listitem")).toHaveLength(9);

    await user.click(screen.getByRole("checkbox", { name: "Info" }));
    expect(within(log).getAllByRole("listitem")).toHaveLength(3);
    await user.type(screen.getByRole("searchbox", { name: "Search the log" }), "no rows");
    expect(within(log).getAllByRole("listitem")).toHaveLength(1);
    expect(screen.getByText("1 of 9 events match")).toBeTruthy();
    expect(screen.getByText(/The run has finished/)).toBeTruthy();
  });

  it("lets a launcher cancel a running run after confirming", async () => {
    fakeEventSource();
    let canceled = false;
    const api = console_("launcher", {
      [`GET ${PROD}/runs/${RUN}`]: () => run({ cancelRequested: canceled }),
      [`POST ${PROD}/runs/${RUN}/cancel`]: () => {
        canceled = true;
        return run({ cancelRequested: true });
      },
    });
    const user = userEvent.setup();
    renderConsole(RUN_PATH);

    await user.click(await screen.findByRole("button", { name: "Cancel run" }));
    expect(api.calls.some((c) => c.method === "POST")).toBe(false);
    await user.click(screen.getByRole("button", { name: "Yes, cancel it" }));
    await screen.findByText("Canceling…");
    const cancel = api.calls.find((c) => c.method === "POST")!;
    expect(cancel.path).toBe(`${PROD}/runs/${RUN}/cancel`);
    expect(cancel.headers["X-Materia-CSRF"]).toBe("1");
    expect(screen.queryByRole("button", { name: "Cancel run" })).toBeNull();
  });

  it("offers no cancel for a finished run", async () => {
    fakeEventSource();
    console_("owner", { [`GET ${PROD}/runs/${RUN}`]: run({ status: "SUCCESS" }) });
    renderConsole(RUN_PATH);
    await screen.findByRole("heading", { name: "Run 7a1c0000" });
    expect(screen.queryByRole("button", { name: "Cancel run" })).toBeNull();
  });
});
