import type { CodeLocation } from "../api/catalog";
import { useCodeLocations } from "../api/queries";
import { ErrorMessage, LoadError } from "../ui/ErrorMessage";
import { formatTime } from "../ui/format";
import { Loading } from "../ui/Loading";

/** The error class of a version whose snapshot the control plane refused (AgentProtocol). */
const SNAPSHOT_REFUSED = "SnapshotRefused";

const LOAD_LABEL: Record<CodeLocation["status"], string> = {
  PENDING: "Waiting for an agent",
  LOADING: "Loading",
  LOADED: "Loaded",
  FAILED: "Failed to load",
};

/**
 * A deployment's code locations: which version serves (the stored snapshot the catalog and
 * launches use) and, when the newest registered version did not take effect, which one failed and
 * why.
 */
export function CodeLocationsPanel({ org, deployment }: { org: string; deployment: string }) {
  const locations = useCodeLocations(org, deployment);
  return (
    <section aria-labelledby="code-locations">
      <h2 id="code-locations">Code locations</h2>
      {locations.isPending ? (
        <Loading what="code locations" />
      ) : locations.isError ? (
        <ErrorMessage error={locations.error} prefix="Code locations could not be loaded" />
      ) : locations.data.length === 0 ? (
        <p className="muted">
          None registered yet. CI registers one with{" "}
          <code>
            POST /api/v1/orgs/{org}/deployments/{deployment}/code-locations
          </code>{" "}
          (name, artifact, version); an agent then loads it.
        </p>
      ) : (
        <CodeLocationTable locations={locations.data} />
      )}
    </section>
  );
}

function CodeLocationTable({ locations }: { locations: CodeLocation[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Serving</th>
          <th scope="col">Newest version</th>
          <th scope="col">Snapshot</th>
        </tr>
      </thead>
      <tbody>
        {locations.map((l) => (
          <tr key={l.name}>
            <th scope="row">{l.name}</th>
            <td>{l.servingVersion ? <code>{l.servingVersion}</code> : "none yet"}</td>
            <td>
              <NewestVersion location={l} />
            </td>
            <td>
              {l.snapshot
                ? `${l.snapshot.assetCount} assets, ${l.snapshot.checkCount} checks, uploaded ${formatTime(l.snapshot.uploadedAt)}`
                : "none yet"}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The registered version and where it stands; a failed one says why and who refused it. */
function NewestVersion({ location }: { location: CodeLocation }) {
  const { version, status, failedVersion, loadError } = location;
  if (status === "FAILED" && loadError?.className === SNAPSHOT_REFUSED) {
    return (
      <>
        <code>{failedVersion ?? version}</code> refused by the control plane
        <p className="error-message">{loadError.message}</p>
      </>
    );
  }
  if (status === "FAILED") {
    return (
      <>
        <code>{failedVersion ?? version}</code> {LOAD_LABEL.FAILED}
        <LoadError error={loadError} />
      </>
    );
  }
  return (
    <>
      <code>{version}</code> {LOAD_LABEL[status] ?? status}
    </>
  );
}
