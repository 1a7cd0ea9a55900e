/** How to start an agent on a VM with `materia agent`: the environment it reads. */
export function AgentInstallSteps({
  deployment,
  token = "mta_…",
}: {
  deployment: string | string[];
  token?: string;
}) {
  const deployments = Array.isArray(deployment) ? deployment.join(",") : deployment;
  const origin =
    typeof window === "undefined" ? "https://materia.example.com" : window.location.origin;
  const command = [
    `export MATERIA_URL=${origin}`,
    `export MATERIA_AGENT_TOKEN=${token}`,
    `export MATERIA_DEPLOYMENTS=${deployments}`,
    `export MATERIA_CODE_LOCATIONS=${deployments.split(",")[0]}/my-location=/opt/my-location.jar`,
    "materia agent",
  ].join("\n");
  return (
    <ol className="steps">
      <li>Create an agent token for the deployments the agent serves (it is shown once).</li>
      <li>
        On a VM that can reach this address over HTTPS, start the agent:
        <pre className="code" aria-label="Commands to start an agent">
          <code>{command}</code>
        </pre>
        In a container, run the same command with the same values (Terraform modules for Kubernetes
        and ECS are planned).
      </li>
      <li>The agent connects out (no inbound port) and uploads the code location's assets.</li>
    </ol>
  );
}
