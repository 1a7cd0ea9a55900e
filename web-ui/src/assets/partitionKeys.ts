import type { PartitionsSnapshot } from "../api/catalog";

/** At most this many partitions are listed; the newest ones. */
export const MAX_LISTED = 1000;

const pad = (n: number) => String(n).padStart(2, "0");
const day = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const STEP_MS: Partial<Record<string, number>> = {
  HOURLY: 3_600_000,
  DAILY: 86_400_000,
  WEEKLY: 7 * 86_400_000,
};

/** A time-window definition's calendar: where windows start, how to step, how keys are spelled. */
interface Windows {
  start: Date;
  /** the end of the newest window that exists (ended) */
  limit: Date;
  next: (d: Date) => Date;
  spell: (d: Date) => string;
}

function windows(definition: PartitionsSnapshot, now: Date): Windows | null {
  if (!definition.start || ["STATIC", "DYNAMIC", "MULTI"].includes(definition.kind)) {
    return null;
  }
  const start = new Date(`${definition.start.slice(0, 16)}Z`);
  const endLimit = definition.end ? new Date(`${definition.end.slice(0, 16)}Z`) : now;
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
  const spell = (d: Date) =>
    definition.kind === "HOURLY" ? `${day(d)}-${pad(d.getUTCHours())}:00` : day(d);
  return { start, limit: endLimit < now ? endLimit : now, next, spell };
}

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
  const w = windows(definition, now);
  if (!w) return null;
  const keys: string[] = [];
  // A window exists once it has ended; skip ahead for long histories so the loop stays short.
  let cursor = w.start;
  const stepMs = STEP_MS[definition.kind];
  if (stepMs) {
    const count = Math.floor((w.limit.getTime() - w.start.getTime()) / stepMs);
    if (count > MAX_LISTED) {
      cursor = new Date(w.start.getTime() + (count - MAX_LISTED) * stepMs);
    }
  }
  for (let end = w.next(cursor); end <= w.limit; cursor = end, end = w.next(end)) {
    keys.push(w.spell(cursor));
  }
  return keys.slice(-MAX_LISTED);
}

/**
 * How many partitions the range `first`…`last` holds, counting those older than the listed ones
 * too; null when either is not a key of the definition that exists at `now`, or `first` comes
 * after `last`. Dynamic and multi partitions: only keys in `known` count.
 */
export function rangeSize(
  definition: PartitionsSnapshot,
  first: string,
  last: string,
  now: Date,
  known: string[] = [],
): number | null {
  if (definition.kind === "STATIC" || !windows(definition, now)) {
    const keys = definition.kind === "STATIC" ? definition.staticKeys : known;
    const a = keys.indexOf(first);
    const b = keys.indexOf(last);
    return a < 0 || b < a ? null : b - a + 1;
  }
  const w = windows(definition, now)!;
  const from = windowOf(w, first);
  const to = windowOf(w, last);
  if (!from || !to || to < from) return null;
  const stepMs = STEP_MS[definition.kind];
  if (stepMs) return Math.round((to.getTime() - from.getTime()) / stepMs) + 1;
  const months = (d: Date) => d.getUTCFullYear() * 12 + d.getUTCMonth();
  return months(to) - months(from) + 1;
}

/** The start of the existing window a key names, or null when the key names none. */
function windowOf(w: Windows, key: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2})(?:-(\d{2}):00)?$/.exec(key);
  if (!match) return null;
  const at = new Date(`${match[1]}T${match[2] ?? "00"}:00Z`);
  if (Number.isNaN(at.getTime()) || w.spell(at) !== key || at < w.start || w.next(at) > w.limit) {
    return null;
  }
  // Aligned with the definition's windows: stepping from the start reaches it.
  const elapsed = at.getTime() - w.start.getTime();
  const stepMs = w.next(w.start).getTime() - w.start.getTime();
  const fixed = [3_600_000, 86_400_000, 7 * 86_400_000].includes(stepMs);
  if (fixed ? elapsed % stepMs !== 0 : at.getUTCDate() !== w.start.getUTCDate()) return null;
  return at;
}
