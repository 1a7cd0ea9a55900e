/** What `GET /health/ready` answers: overall status plus each check's outcome. */
export interface Readiness {
  status: "UP" | "DOWN";
  checks: Record<string, string>;
}

/** Asks the control plane whether it is ready; a network failure reads as DOWN. */
export async function fetchReadiness(fetchImpl: typeof fetch = fetch): Promise<Readiness> {
  try {
    const response = await fetchImpl("/health/ready", { headers: { Accept: "application/json" } });
    const body = (await response.json()) as Partial<Readiness>;
    if (body.status !== "UP" && body.status !== "DOWN") {
      return { status: "DOWN", checks: { controlPlane: `answered ${response.status}` } };
    }
    return { status: body.status, checks: body.checks ?? {} };
  } catch (error) {
    return { status: "DOWN", checks: { controlPlane: `unreachable: ${String(error)}` } };
  }
}
