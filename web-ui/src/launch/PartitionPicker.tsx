import { useId } from "react";
import { ApiError } from "../api/client";
import { usePartitionKeys, usePartitionRange } from "../api/queries";
import { useWorkspace } from "../workspace/workspace";
import type { PartitionChoice } from "./launch";

/** How many matching keys a field suggests at once: daily partitions run into thousands. */
export const SUGGESTED = 50;

/** The keys containing `text`, newest first, at most `SUGGESTED` of them. */
export function suggestions(keys: string[], text: string): string[] {
  const found: string[] = [];
  const needle = text.trim().toLowerCase();
  for (let i = keys.length - 1; i >= 0 && found.length < SUGGESTED; i--) {
    if (keys[i].toLowerCase().includes(needle)) found.push(keys[i]);
  }
  return found;
}

/**
 * Which partitions of a partitioned asset to launch: one key or a range (first, last). Keys come
 * from `GET …/asset-partition-keys/{key}`; each field suggests only the keys matching what is typed.
 * A refusal naming one of these fields (`partitionKey`, `partitionRange.first`, …) shows beside it.
 */
export function PartitionPicker({
  assetKey,
  value,
  onChange,
  error,
}: {
  assetKey: string;
  value: PartitionChoice;
  onChange: (choice: PartitionChoice) => void;
  error?: unknown;
}) {
  const { org, deployment } = useWorkspace();
  const listed = usePartitionKeys(org.slug, deployment, assetKey);
  const keys = listed.data?.keys ?? [];
  const id = useId();
  const range = value.kind === "range" ? value : null;
  const counted = usePartitionRange(
    org.slug,
    deployment,
    assetKey,
    range?.first ?? "",
    range?.last ?? "",
    Boolean(range?.first && range.last && listed.data?.total != null),
  );
  const refusal = error instanceof ApiError ? error : null;
  const messageFor = (...fields: string[]) =>
    refusal?.field && fields.includes(refusal.field) ? refusal.message : null;
  const newest = keys.length > 0 ? keys[keys.length - 1] : "";

  return (
    <fieldset className="partition-picker">
      <legend>Partitions of {assetKey}</legend>
      <div className="button-row" role="radiogroup" aria-label="Partitions to run">
        <label>
          <input
            type="radio"
            name={`${id}-mode`}
            checked={value.kind !== "range"}
            onChange={() => onChange({ kind: "key", key: range?.last || newest })}
          />{" "}
          One partition
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-mode`}
            checked={value.kind === "range"}
            onChange={() =>
              onChange({
                kind: "range",
                first: value.kind === "key" ? value.key : "",
                last: value.kind === "key" ? value.key : "",
              })
            }
          />{" "}
          A range
        </label>
      </div>
      {range ? (
        <div className="inline-form">
          <KeyField
            label="First partition"
            value={range.first}
            keys={keys}
            onChange={(first) => onChange({ ...range, first })}
            error={messageFor("partitionRange.first", "partitionRange")}
          />
          <KeyField
            label="Last partition"
            value={range.last}
            keys={keys}
            onChange={(last) => onChange({ ...range, last })}
            error={messageFor("partitionRange.last")}
          />
          {counted.data?.range && (
            <span className="muted" role="status">
              {counted.data.range.size.toLocaleString()} partition
              {counted.data.range.size === 1 ? "" : "s"}
            </span>
          )}
          {counted.isError && <span className="error-message">{message(counted.error)}</span>}
        </div>
      ) : (
        <KeyField
          label="Partition"
          value={value.kind === "key" ? value.key : ""}
          keys={keys}
          onChange={(key) => onChange({ kind: "key", key })}
          error={messageFor("partitionKey")}
        />
      )}
      <p className="muted">
        {listed.data?.total == null
          ? listed.isPending
            ? "Reading the partition keys…"
            : "Dynamic partitions: type a key the asset has."
          : `${listed.data.total.toLocaleString()} partitions, ${keys[0] ?? "—"} to ${newest || "—"}; type to search them.`}
      </p>
    </fieldset>
  );
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A key input suggesting at most `SUGGESTED` matching keys, never the whole list. */
function KeyField({
  label,
  value,
  keys,
  onChange,
  error,
}: {
  label: string;
  value: string;
  keys: string[];
  onChange: (key: string) => void;
  error: string | null;
}) {
  const id = useId();
  const options = suggestions(keys, value);
  return (
    <label>
      {label}
      <input
        list={`${id}-keys`}
        value={value}
        autoComplete="off"
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <datalist id={`${id}-keys`}>
        {options.map((k) => (
          <option key={k} value={k} />
        ))}
      </datalist>
      {error && (
        <span id={`${id}-error`} className="error-message" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
