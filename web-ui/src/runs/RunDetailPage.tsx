import { useEffect, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../api/endpoints";
import { atLeast } from "../api/model";
import { isTerminal, keys, useChange, useRun } from "../api/queries";
import { deploymentPath, useWorkspace } from "../workspace/workspace";
import { ConfirmButton } from "../ui/ConfirmButton";
import { ErrorMessage } from "../ui/ErrorMessage";
import { formatTime } from "../ui/format";
import { Loading } from "../ui/Loading";
import { Page } from "../ui/Page";
import { EventLog } from "./EventLog";
import { duration, RunStatusBadge } from "./RunBits";
import { useRunEvents } from "./runEvents";
import { StepTimeline } from "./StepTimeline";
import { computeLogs, stepTimeline } from "./timeline";

/** One run: status, cancel, the step timeline, where compute logs are, and the live event log. */
export function RunDetailPage() {
  const { id = "" } = useParams();
  const { org, deployment, role } = useWorkspace();
  const run = useRun(org.slug, deployment, id);
  const log = useRunEvents(
    org.slug,
    deployment,
    id,
    run.data && { finished: isTerminal(run.data.status), contiguousSeq: run.data.contiguousSeq },
  );
  const client = useQueryClient();
  const cancel = useChange(
    () => api.cancelRun(org.slug, deployment, id),
    keys.run(org.slug, deployment, id),
  );
  const now = useNow(!log.finished && log.connection !== "done");

  // The stream says when the run finished before the next poll would; what it wrote (assets,
  // materializations, partitions, checks, the graph's colors) is read again on the next view.
  useEffect(() => {
    if (log.finished) {
      void client.invalidateQueries({ queryKey: keys.deployment(org.slug, deployment) });
    }
  }, [log.finished, client, org.slug, deployment]);

  if (run.isPending) {
    return <Loading what="the run" />;
  }
  if (run.isError) {
    return (
      <Page title="Run not found">
        <ErrorMessage error={run.error} prefix={`Run ${id} could not be loaded`} />
        <p>
          <Link to={deploymentPath(org.slug, deployment, "runs")}>All runs</Link>
        </p>
      </Page>
    );
  }
  const r = run.data;
  const logs = computeLogs(log.events);
  const canCancel = atLeast(role, "launcher") && !isTerminal(r.status) && !r.cancelRequested;
  return (
    <Page
      title={`Run ${r.id.slice(0, 8)}`}
      lead={
        <>
          <RunStatusBadge status={r.status} /> <code>{r.selection}</code> from {r.codeLocation}
        </>
      }
      actions={
        canCancel ? (
          <ConfirmButton
            label="Cancel run"
            confirmLabel="Yes, cancel it"
            question="Cancel this run? Running steps are stopped."
            onConfirm={() => cancel.mutate(undefined)}
            disabled={cancel.isPending}
          />
        ) : r.cancelRequested ? (
          <span className="muted">Canceling…</span>
        ) : null
      }
    >
      <ErrorMessage error={cancel.error} prefix="The run could not be canceled" />
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <RunStatusBadge status={r.status} />
          {r.statusMessage && <span> — {r.statusMessage}</span>}
        </dd>
        <dt>Partitions</dt>
        <dd>
          {r.partitionRange
            ? `${r.partitionRange.first} … ${r.partitionRange.last}`
            : (r.partitionKey ?? "not partitioned")}
        </dd>
        <dt>Created</dt>
        <dd>{formatTime(r.createdAt)}</dd>
        <dt>Took</dt>
        <dd>{r.startedAt ? duration(r.startedAt, r.finishedAt) : "not started"}</dd>
        <dt>Compute logs</dt>
        <dd>
          {logs ? (
            <>
              Kept on the agent, never sent here: stdout <code>{logs.stdout}</code>, stderr{" "}
              <code>{logs.stderr}</code>
            </>
          ) : r.startedAt && log.connection === "done" ? (
            <span className="muted">
              Not captured apart: the agent named no compute log for this run (in-process runs write
              to the agent's own output). They stay in your infrastructure.
            </span>
          ) : (
            <span className="muted">
              Compute logs stay in your infrastructure; the agent names where once the run starts.
            </span>
          )}
        </dd>
      </dl>
      <section aria-labelledby="steps">
        <h2 id="steps">Steps</h2>
        <StepTimeline steps={stepTimeline(log.events)} now={now} />
      </section>
      <p className="muted" role="status">
        {log.connection === "live"
          ? "Live: new events appear as the agent sends them."
          : log.connection === "reconnecting"
            ? "The live stream dropped; reconnecting…"
            : log.connection === "done"
              ? isTerminal(r.status)
                ? "The run has finished; this is its whole log."
                : "Every event is here; waiting for the run's final status…"
              : "Connecting to the live event stream…"}
      </p>
      <ErrorMessage error={log.error} prefix="Events could not be read" />
      <EventLog events={log.events} />
    </Page>
  );
}

/** The current time, ticking each second while `live`, for bars of running steps. */
function useNow(live: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [live]);
  return now;
}
