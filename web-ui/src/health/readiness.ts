/** What `GET /health/ready` answers: overall status plus each check's outcome. */
export interface Readiness {
  status: "UP" | "DOWN";
  checks: Record<string, string>;
}

/** Asks the control plane whether it is ready; a network failure reads as DOWN. */
export async function fetchReadiness(fetchImpl: typeof fetch = fetch): Promise<Readiness> {
  try {
    const response = await fetchImpl("/health/ready", { headers: { Accept: "application/json" } });
    return (await response.json()) as Readiness;
  } catch (error) {
    return { status: "DOWN", checks: { controlPlane: `unreachable: ${String(error)}` } };
  }
}
