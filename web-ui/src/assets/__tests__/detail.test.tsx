import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { AssetDetail } from "../../api/catalog";
import {
  type Call,
  deployments,
  fakeApi,
  meAs,
  refusal,
  renderConsole,
} from "../../testing/fakeApi";
import { asset, PROD, run } from "../../testing/fixtures";

const KEY = "sales/daily_orders";
const DETAIL_PATH = `/orgs/acme/deployments/prod/assets/${KEY}`;

function detail(overrides: Partial<AssetDetail> = {}): AssetDetail {
  return {
    asset: asset(KEY, {
      owners: ["ada@example.com", "team:data"],
      codeVersion: "v7",
      partitions: { kind: "DAILY", description: "daily partitions from 2024-01-01 in UTC" },
      partitionCounts: { total: 3, materialized: 2, failed: 0, inProgress: 0, missing: 1 },
      checks: [
        {
          name: "not_empty",
          blocking: true,
          description: "has rows",
          passed: false,
          severity: "ERROR",
          evaluatedAt: "2024-01-03T01:00:00Z",
          runId: "r-3",
        },
      ],
    }),
    upstream: ["sales/raw_orders"],
    downstream: [],
    partitionsDefinition: {
      kind: "DAILY",
      description: "daily partitions from 2024-01-01 in UTC",
      start: "2024-01-01T00:00",
      end: "2024-01-04T00:00",
      timezone: "UTC",
      staticKeys: [],
      name: null,
      dimensions: [],
    },
    ioManager: null,
    ...overrides,
  };
}

const materialization = (runId: string, partitionKey: string, day: number, rows: number) => ({
  runId,
  partitionKey,
  materializedAt: `2024-01-0${day}T01:00:00Z`,
  dataVersion: `dv${day}`,
  codeVersion: "v7",
  metadata: { row_count: rows, duration_ms: 12 },
});

const evaluation = (runId: string, partitionKey: string, passed: boolean, evaluatedAt: string) => ({
  checkName: "not_empty",
  partitionKey,
  passed,
  severity: "ERROR",
  blocking: true,
  evaluatedAt,
  runId,
  seq: 5,
});

const DAYS = ["2024-01-01", "2024-01-02", "2024-01-03"];

/** The server's answer for these keys: the keys, and the size of a range asked for. */
function partitionKeys(days: string[], call: Call) {
  const { first, last } = call.query;
  if (!first) return { total: days.length, keys: days, range: null };
  const size = days.indexOf(last) - days.indexOf(first) + 1;
  return days.includes(first) && days.includes(last) && size > 0
    ? { total: days.length, keys: days, range: { first, last, size } }
    : refusal(400, "invalid_field", `${last} is before ${first}`, "last");
}

/** What the server says of one partition: its status, and its staleness when it sends one. */
type PartitionRow = {
  partitionKey: string;
  status: string;
  staleness?: string;
  stalenessCauses?: string[];
};

function assetApi(
  role: string,
  body = detail(),
  days = DAYS,
  stale: Record<string, string[]> = {},
) {
  const withStaleness = (row: PartitionRow): PartitionRow =>
    stale[row.partitionKey]
      ? { ...row, staleness: "STALE", stalenessCauses: stale[row.partitionKey] }
      : row;
  return fakeApi({
    "GET /api/v1/me": meAs(role),
    "GET /api/v1/orgs/acme/deployments": deployments,
    [`GET ${PROD}/assets/${KEY}`]: body,
    [`GET ${PROD}/asset-materializations/${KEY}`]: {
      items: [
        materialization("r-2", "2024-01-02", 2, 120),
        materialization("r-1", "2024-01-01", 1, 100),
      ],
      nextCursor: null,
    },
    [`GET ${PROD}/asset-check-history/${KEY}`]: {
      runsRead: 3,
      items: [
        evaluation("r-3", "2024-01-03", false, "2024-01-03T01:00:00Z"),
        evaluation("r-1", "2024-01-01", true, "2024-01-01T01:00:00Z"),
      ],
    },
    [`GET ${PROD}/asset-partitions/${KEY}`]: {
      items: [
        {
          partitionKey: "2024-01-01",
          status: "materialized",
          runId: "r-1",
          updatedAt: "2024-01-01T01:00:00Z",
        },
        {
          partitionKey: "2024-01-02",
          status: "materialized",
          runId: "r-2",
          updatedAt: "2024-01-02T01:00:00Z",
        },
        {
          partitionKey: "2024-01-03",
          status: "failed",
          runId: "r-3",
          updatedAt: "2024-01-03T01:00:00Z",
        },
      ].map(withStaleness),
      nextCursor: null,
    },
    [`GET ${PROD}/asset-partition-keys/${KEY}`]: (call: Call) => partitionKeys(days, call),
    [`POST ${PROD}/runs`]: {
      status: 201,
      body: run({ id: "d4000000-0000-0000-0000-000000000004" }),
    },
  });
}

describe("asset detail", () => {
  it("shows description, owners, code version and deps from the asset's path", async () => {
    const api = assetApi("viewer");
    renderConsole(DETAIL_PATH);
    await screen.findByRole("heading", { name: KEY, level: 1 });
    expect(api.calls.some((c) => c.path === `${PROD}/assets/sales/daily_orders`)).toBe(true);
    expect(screen.getByText(`The ${KEY} table`)).toBeTruthy();
    expect(screen.getByText("ada@example.com, team:data")).toBeTruthy();
    const facts = screen.getByText("Owners").closest("dl")!;
    expect(within(facts).getByText("v7")).toBeTruthy();
    expect(screen.getByRole("link", { name: "sales/raw_orders" }).getAttribute("href")).toBe(
      "/orgs/acme/deployments/prod/assets/sales/raw_orders",
    );
    expect(screen.getByText("none: nothing reads it yet")).toBeTruthy();
  });

  it("links its newest run, and shows it running while that run is in flight", async () => {
    const body = detail({ partitionsDefinition: null });
    body.asset = {
      ...body.asset,
      partitions: null,
      partitionCounts: null,
      status: "RUNNING",
      latestRun: {
        runId: "e5000000-0000-0000-0000-000000000005",
        status: "STARTED",
        createdAt: "2024-01-04T01:00:00Z",
        finishedAt: null,
      },
    };
    assetApi("viewer", body);
    renderConsole(DETAIL_PATH);
    const link = await screen.findByRole("link", { name: "e5000000" });
    expect(link.getAttribute("href")).toBe(
      "/orgs/acme/deployments/prod/runs/e5000000-0000-0000-0000-000000000005",
    );
    const facts = screen.getByText("Latest run").closest("dl")!;
    expect(within(facts).getByText("Running")).toBeTruthy();
    expect(document.querySelector(".status-badge")!.textContent).toBe("Running");
  });

  it("plots row count over the materializations and lists them", async () => {
    assetApi("viewer");
    renderConsole(DETAIL_PATH);
    const plot = await screen.findByRole("img", {
      name: "row_count over 2 materializations: from 100 to 120, latest 120",
    });
    expect(plot.querySelectorAll("circle")).toHaveLength(2);
    expect(screen.getByRole("combobox", { name: "Plot" })).toBeTruthy();
    const table = screen.getByRole("columnheader", { name: "Metadata" }).closest("table")!;
    expect(within(table).getAllByRole("row")).toHaveLength(3);
  });

  it("shows each partition's status, and materializes a range picked on the grid", async () => {
    const api = assetApi("launcher");
    const user = userEvent.setup();
    renderConsole(DETAIL_PATH);
    await screen.findByText("2 of 3 listed partitions materialized, 1 failed.");
    expect(screen.getByTitle("2024-01-03: failed")).toBeTruthy();
    expect(screen.getByTitle("2024-01-01: materialized")).toBeTruthy();

    await user.click(screen.getByTitle("2024-01-03: failed"));
    await user.click(screen.getByTitle("2024-01-02: materialized"));
    const launch = screen.getByRole("form", { name: "Launch a run" });
    expect(
      (within(launch).getByRole("combobox", { name: "First partition" }) as HTMLInputElement).value,
    ).toBe("2024-01-02");
    await within(launch).findByText("2 partitions");
    await user.click(within(launch).getByRole("button", { name: "Materialize" }));

    await screen.findByRole("link", { name: "run d4000000" });
    expect(api.calls.find((c) => c.method === "POST")!.body).toEqual({
      selection: KEY,
      codeLocation: "seed",
      partitionRange: { first: "2024-01-02", last: "2024-01-03" },
      tags: { trigger: "console", backfill: "2024-01-02..2024-01-03" },
    });
  });

  it("materializes one partition picked from the keys matching what is typed", async () => {
    const api = assetApi("launcher");
    const user = userEvent.setup();
    renderConsole(DETAIL_PATH);
    const launch = await screen.findByRole("form", { name: "Launch a run" });
    const field = within(launch).getByRole("combobox", { name: "Partition" });
    await user.type(field, "01-02");
    const list = document.getElementById(field.getAttribute("list")!)!;
    expect([...list.querySelectorAll("option")].map((o) => o.value)).toEqual(["2024-01-02"]);
    await user.clear(field);
    await user.type(field, "2024-01-02");
    await user.click(within(launch).getByRole("button", { name: "Materialize" }));
    await screen.findByRole("link", { name: "run d4000000" });
    expect(api.calls.find((c) => c.method === "POST")!.body).toMatchObject({
      selection: KEY,
      partitionKey: "2024-01-02",
    });
  });

  it("materializes an unpartitioned asset from its page and links the run", async () => {
    const body = detail({ partitionsDefinition: null });
    body.asset = { ...body.asset, partitions: null, partitionCounts: null };
    const api = assetApi("launcher", body);
    const user = userEvent.setup();
    renderConsole(DETAIL_PATH);
    await user.click(await screen.findByRole("button", { name: "Materialize" }));
    const link = await screen.findByRole("link", { name: "run d4000000" });
    expect(link.getAttribute("href")).toBe(
      "/orgs/acme/deployments/prod/runs/d4000000-0000-0000-0000-000000000004",
    );
    expect(api.calls.find((c) => c.method === "POST")!.body).toEqual({
      selection: KEY,
      codeLocation: "seed",
      tags: { trigger: "console" },
    });
    expect(screen.queryByText(/Launch a run from the/)).toBeNull();
  });

  it("shows the server's status and why the asset is stale", async () => {
    const body = detail();
    body.asset = {
      ...body.asset,
      staleness: "STALE",
      status: "STALE",
      stalenessCauses: ["upstream sales/raw_orders has a newer data version", "code version 2 ≠ 1"],
    };
    assetApi("viewer", body);
    renderConsole(DETAIL_PATH);
    const causes = await screen.findByRole("list", { name: "Why it is stale" });
    expect(
      within(causes)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["upstream sales/raw_orders has a newer data version", "code version 2 ≠ 1"]);
    expect(document.querySelector(".status-badge")!.textContent).toBe("Stale");
  });

  it("says which partitions are stale and why, on their grid cells", async () => {
    assetApi("viewer", detail(), DAYS, {
      "2024-01-02": ["upstream sales/raw_orders has a newer data version"],
    });
    renderConsole(DETAIL_PATH);
    await screen.findByTitle(
      "2024-01-02: materialized, stale (upstream sales/raw_orders has a newer data version)",
    );
    expect(screen.getByTitle("2024-01-01: materialized")).toBeTruthy();
  });

  it("pages the partition grid so every one of 1,071 keys can be reached, with labels", async () => {
    const days = Array.from({ length: 1071 }, (_, i) =>
      new Date(Date.UTC(2021, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
    );
    const api = assetApi("viewer", detail(), days);
    const user = userEvent.setup();
    renderConsole(DETAIL_PATH);
    const grid = await screen.findByRole("list", { name: /^Partitions:/ });
    expect(api.calls.find((c) => c.path.includes("asset-partition-keys"))!.query.limit).toBe(
      "10000",
    );
    const cells = () =>
      within(grid)
        .getAllByRole("button")
        .map((b) => b.title.split(":")[0]);
    expect(cells().at(-1)).toBe(days[1070]);
    expect(cells().length).toBeLessThan(1071);
    expect(
      screen.getByText(`Partitions ${cells()[0]} to ${days[1070]}`, { exact: false }),
    ).toBeTruthy();
    while (
      screen.getByRole("button", { name: "Older partitions" }).hasAttribute("disabled") === false
    ) {
      await user.click(screen.getByRole("button", { name: "Older partitions" }));
    }
    expect(cells()[0]).toBe("2021-01-01");
    expect(screen.getByText(/^Partitions 2021-01-01 to /)).toBeTruthy();
  });

  it("lists the keys the server computes in the asset's timezone, across the DST change", async () => {
    // New York springs forward on 2024-03-10; the console shows the server's keys as they are.
    const newYork = ["2024-03-08", "2024-03-09", "2024-03-10", "2024-03-11", "2024-03-12"];
    const body = detail({
      partitionsDefinition: {
        ...detail().partitionsDefinition!,
        description: "daily partitions from 2024-03-08 in America/New_York",
        start: "2024-03-08T00:00",
        end: null,
        timezone: "America/New_York",
      },
    });
    const api = assetApi("launcher", body, newYork);
    renderConsole(DETAIL_PATH);

    const grid = await screen.findByRole("list", { name: /^Partitions:/ });
    expect(
      within(grid)
        .getAllByRole("button")
        .map((b) => b.title.split(":")[0]),
    ).toEqual(newYork);
    const user = userEvent.setup();
    await user.click(screen.getByTitle("2024-03-09: missing"));
    await user.click(screen.getByTitle("2024-03-11: missing"));
    await screen.findByText("3 partitions");
    expect(api.calls.find((c) => c.query.first === "2024-03-09")?.query.last).toBe("2024-03-11");
  });

  it("says why a range that runs backwards is no range, beside the fields", async () => {
    assetApi("launcher");
    const user = userEvent.setup();
    renderConsole(DETAIL_PATH);
    const launch = await screen.findByRole("form", { name: "Launch a run" });
    await user.click(within(launch).getByRole("radio", { name: "A range" }));
    const first = within(launch).getByRole("combobox", { name: "First partition" });
    await user.clear(first);
    await user.type(first, "2024-01-03");
    const last = within(launch).getByRole("combobox", { name: "Last partition" });
    await user.clear(last);
    await user.type(last, "2024-01-01");
    await within(launch).findByText("2024-01-01 is before 2024-01-03");
  });

  it("shows checks with their latest result and their history", async () => {
    assetApi("viewer");
    renderConsole(DETAIL_PATH);
    const history = await screen.findByRole("list", { name: "History of not_empty" });
    await waitFor(() => expect(within(history).getAllByRole("listitem")).toHaveLength(2));
    expect(
      within(history)
        .getAllByRole("listitem")
        .map((li) => li.textContent?.charAt(0)),
    ).toEqual(["✗", "✓"]);
    expect(screen.getByText("failed (ERROR)")).toBeTruthy();
    // A viewer cannot launch.
    expect(screen.queryByRole("button", { name: /Materialize/ })).toBeNull();
  });

  it("says what is wrong when the asset does not exist", async () => {
    fakeApi({
      "GET /api/v1/me": meAs("viewer"),
      "GET /api/v1/orgs/acme/deployments": deployments,
    });
    renderConsole(DETAIL_PATH);
    expect((await screen.findByRole("alert")).textContent).toMatch(/The asset could not be loaded/);
    expect(screen.getByRole("link", { name: "Back to the catalog" })).toBeTruthy();
  });
});
