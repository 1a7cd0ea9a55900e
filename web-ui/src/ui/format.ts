/** A timestamp from the API as a short local date and time; "never" for none. */
export function formatTime(iso: string | null | undefined, none = "never"): string {
  if (!iso) {
    return none;
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
