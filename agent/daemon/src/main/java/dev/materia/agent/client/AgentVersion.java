package dev.materia.agent.client;

/** The agent's software version, sent in heartbeats and the User-Agent header. */
public final class AgentVersion {
  /** From the jar manifest when packaged, else the development version. */
  public static final String VERSION = version();

  private AgentVersion() {}

  private static String version() {
    String fromJar = AgentVersion.class.getPackage().getImplementationVersion();
    return fromJar == null ? "0.1.0-SNAPSHOT" : fromJar;
  }
}
