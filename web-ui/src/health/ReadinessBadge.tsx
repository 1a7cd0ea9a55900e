import { useEffect, useState } from "react";
import { fetchReadiness, type Readiness } from "./readiness";

/** Shows whether the control plane and its database are ready, with the failing checks. */
export function ReadinessBadge({ load = fetchReadiness }: { load?: () => Promise<Readiness> }) {
  const [readiness, setReadiness] = useState<Readiness | null>(null);

  useEffect(() => {
    let live = true;
    load().then((r) => live && setReadiness(r));
    return () => {
      live = false;
    };
  }, [load]);

  if (readiness === null) {
    return <p role="status">Checking the control plane…</p>;
  }
  const failing = Object.entries(readiness.checks).filter(([, outcome]) => outcome !== "UP");
  return (
    <div role="status" className={`readiness readiness-${readiness.status.toLowerCase()}`}>
      <strong>Control plane {readiness.status === "UP" ? "ready" : "not ready"}</strong>
      {failing.length > 0 && (
        <ul>
          {failing.map(([check, outcome]) => (
            <li key={check}>
              {check}: {outcome}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
