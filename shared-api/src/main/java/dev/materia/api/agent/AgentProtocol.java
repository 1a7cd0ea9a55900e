package dev.materia.api.agent;

/**
 * Names shared by both ends of agent protocol v1: the version header, the routes and their
 * parameters.
 *
 * <p>Every agent request carries {@code Authorization: Bearer <token>} and {@code Materia-Protocol:
 * 1}; the control plane answers an unknown major version with a 400.
 *
 * <pre>{@code
 * request.header(AgentProtocol.HEADER, AgentProtocol.VERSION);
 * }</pre>
 */
public final class AgentProtocol {
  /** The header naming the protocol's major version. */
  public static final String HEADER = "Materia-Protocol";

  /** The major version this code speaks. */
  public static final String VERSION = "1";

  /** Long poll: {@code GET}, answered with a {@link WorkResponse}. */
  public static final String WORK_PATH = "/api/agent/v1/work";

  /**
   * Query parameter of {@link #WORK_PATH}: how long the server may hold the poll, e.g. {@code 25s}.
   */
  public static final String WAIT_PARAM = "wait";

  /** Heartbeat: {@code POST} an {@link AgentHeartbeat}; the reply body is empty. */
  public static final String HEARTBEAT_PATH = "/api/agent/v1/heartbeat";

  /**
   * Snapshot upload: {@code PUT} a {@code CodeLocationSnapshot} with {@link #DEPLOYMENT_PARAM},
   * answered with a {@link SnapshotAck}; {@code {name}} is the code location's name.
   */
  public static final String SNAPSHOT_PATH = "/api/agent/v1/code-locations/{name}/snapshot";

  /** Query parameter of {@link #SNAPSHOT_PATH}: the deployment the code location belongs to. */
  public static final String DEPLOYMENT_PARAM = "deployment";

  /**
   * Event ingestion: {@code POST} an {@link EventBatch}, answered with an {@link EventBatchAck};
   * {@code {runId}} is the run's id. A run token or an agent token authenticates it.
   */
  public static final String EVENTS_PATH = "/api/agent/v1/runs/{runId}/events";

  /**
   * The {@code className} of a code location's {@code FAILED} error when the control plane refused
   * its snapshot (a 4xx to {@link #SNAPSHOT_PATH}): the message is the refusal's. Both ends use it,
   * so the agent's heartbeat and the control plane's own record of the refusal agree.
   */
  public static final String SNAPSHOT_REFUSED = "SnapshotRefused";

  /** Prefix of an agent token. */
  public static final String AGENT_TOKEN_PREFIX = "mta_";

  /** Prefix of a run token. */
  public static final String RUN_TOKEN_PREFIX = "mtr_";

  private AgentProtocol() {}

  /** {@link #SNAPSHOT_PATH} for one code location. */
  public static String snapshotPath(String codeLocation) {
    return SNAPSHOT_PATH.replace("{name}", Fields.required(codeLocation, "codeLocation"));
  }

  /** {@link #EVENTS_PATH} for one run. */
  public static String eventsPath(String runId) {
    return EVENTS_PATH.replace("{runId}", Fields.required(runId, "runId"));
  }
}
