import { useState } from "react";
import { Link } from "react-router";
import { ApiError } from "../api/client";
import { atLeast } from "../api/model";
import { deploymentPath, useWorkspace } from "../workspace/workspace";
import { ErrorMessage } from "../ui/ErrorMessage";
import {
  launchRequest,
  NO_PARTITION,
  useLaunch,
  type LaunchTarget,
  type PartitionChoice,
  type SelectionOrigin,
} from "./launch";
import { PartitionPicker } from "./PartitionPicker";

/** The fields of a launch the partition picker shows a refusal beside. */
const PICKER_FIELDS = [
  "partitionKey",
  "partitionRange",
  "partitionRange.first",
  "partitionRange.last",
];

/**
 * Materializing assets: a partition picker when one of them is partitioned, the button, and the
 * launched runs as links (or why the server refused). The graph, the asset page and the catalog
 * all launch through it. `partitions` and `onPartitionsChange` let a page drive the picker (the
 * asset page's partition grid).
 */
export function LaunchDialog({
  targets,
  origin = { kind: "keys" },
  label,
  partitions,
  onPartitionsChange,
}: {
  targets: LaunchTarget[];
  origin?: SelectionOrigin;
  label: string;
  partitions?: PartitionChoice;
  onPartitionsChange?: (choice: PartitionChoice) => void;
}) {
  const { org, deployment, role } = useWorkspace();
  const { launch, launched, error, launching } = useLaunch(org.slug, deployment);
  const partitioned = targets.find((t) => t.partitioned);
  const [own, setOwn] = useState<PartitionChoice>({ kind: "key", key: "" });
  const choice = partitioned ? (partitions ?? own) : NO_PARTITION;
  const choose = onPartitionsChange ?? setOwn;
  if (!atLeast(role, "launcher")) {
    return <p className="muted">Launching runs needs the launcher role.</p>;
  }
  const incomplete =
    (choice.kind === "key" && !choice.key.trim()) ||
    (choice.kind === "range" && (!choice.first.trim() || !choice.last.trim()));
  const pickerError =
    error instanceof ApiError && error.field && PICKER_FIELDS.includes(error.field) ? error : null;
  return (
    <form
      className="launch-dialog"
      aria-label="Launch a run"
      onSubmit={(e) => {
        e.preventDefault();
        void launch([launchRequest(targets, origin, choice)]);
      }}
    >
      {partitioned && (
        <PartitionPicker
          assetKey={partitioned.key}
          value={choice}
          onChange={choose}
          error={pickerError}
        />
      )}
      <button
        type="submit"
        className="button-primary"
        disabled={launching || targets.length === 0 || incomplete}
      >
        {launching ? "Launching…" : label}
      </button>
      {!pickerError && <ErrorMessage error={error} prefix="The run could not be launched" />}
      {launched.length > 0 && (
        <p role="status">
          Launched{" "}
          {launched.map((run, i) => (
            <span key={run.id}>
              {i > 0 && ", "}
              <Link to={deploymentPath(org.slug, deployment, `runs/${run.id}`)}>
                run {run.id.slice(0, 8)}
              </Link>
            </span>
          ))}
          .
        </p>
      )}
    </form>
  );
}
