import type { PartitionsSnapshot } from "../api/catalog";

/** At most this many partitions are listed; the newest ones. */
export const MAX_LISTED = 1000;

const pad = (n: number) => String(n).padStart(2, "0");
const day = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/**
 * The partition keys of a definition that exist at `now`, oldest first, keeping the newest
 * {@link MAX_LISTED}: static keys, or the time windows that have ended (keys as the runtime spells
 * them: `2024-01-01`, hourly `2024-01-01-13:00`). Windows are computed in UTC, so around a
 * timezone's midnight the newest one may be off by one. Null when the keys are not knowable here
 * (dynamic partitions live in the agent's store; multi partitions are a product of two).
 */
export function partitionKeys(definition: PartitionsSnapshot, now: Date): string[] | null {
  if (definition.kind === "STATIC") {
    return definition.staticKeys.slice(-MAX_LISTED);
  }
  if (!definition.start || definition.kind === "DYNAMIC" || definition.kind === "MULTI") {
    return null;
  }
  const start = new Date(`${definition.start.slice(0, 16)}Z`);
  const endLimit = definition.end ? new Date(`${definition.end.slice(0, 16)}Z`) : now;
  const limit = endLimit < now ? endLimit : now;
  const next = (d: Date): Date => {
    const n = new Date(d);
    switch (definition.kind) {
      case "HOURLY":
        n.setUTCHours(n.getUTCHours() + 1);
        break;
      case "DAILY":
        n.setUTCDate(n.getUTCDate() + 1);
        break;
      case "WEEKLY":
        n.setUTCDate(n.getUTCDate() + 7);
        break;
      default:
        n.setUTCMonth(n.getUTCMonth() + 1);
    }
    return n;
  };
  const keys: string[] = [];
  // A window exists once it has ended; skip ahead for long histories so the loop stays short.
  let cursor = start;
  const stepMs = { HOURLY: 3_600_000, DAILY: 86_400_000, WEEKLY: 7 * 86_400_000 }[
    definition.kind as "HOURLY" | "DAILY" | "WEEKLY"
  ];
  if (stepMs) {
    const windows = Math.floor((limit.getTime() - start.getTime()) / stepMs);
    if (windows > MAX_LISTED) {
      cursor = new Date(start.getTime() + (windows - MAX_LISTED) * stepMs);
    }
  }
  for (let end = next(cursor); end <= limit; cursor = end, end = next(end)) {
    keys.push(
      definition.kind === "HOURLY" ? `${day(cursor)}-${pad(cursor.getUTCHours())}:00` : day(cursor),
    );
  }
  return keys.slice(-MAX_LISTED);
}
