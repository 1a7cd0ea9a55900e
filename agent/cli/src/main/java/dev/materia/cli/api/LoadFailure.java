package dev.materia.cli.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Why a code location's registered version did not take effect, in CLI words: it failed to load, or
 * the control plane refused its snapshot, and which version keeps serving.
 *
 * <p>Example: {@code LoadFailure.of(location).line()} is {@code "the control plane refused version
 * 2 of code location clash: asset raw_sales_data … ; version 1 keeps serving"}.
 *
 * @param servingVersion the version of the snapshot the control plane keeps, or null
 */
public record LoadFailure(
    String name, String version, boolean refused, String reason, String servingVersion) {
  /** The {@code className} of a code location's error when its snapshot was refused. */
  static final String SNAPSHOT_REFUSED = "SnapshotRefused";

  /** From a code location document ({@code GET …/code-locations/{name}}) that is FAILED. */
  public static LoadFailure of(JsonNode location) {
    String name = location.path("name").asText();
    JsonNode error = location.path("loadError");
    JsonNode serving = location.path("servingVersion");
    return new LoadFailure(
        name,
        location.path("version").asText(),
        SNAPSHOT_REFUSED.equals(error.path("className").asText()),
        reason(name, error.path("message").asText()),
        serving.isTextual() ? serving.asText() : null);
  }

  /** One line, without the {@code materia: } prefix. */
  public String line() {
    String serving =
        servingVersion == null
            ? ""
            : servingVersion.equals(version)
                ? ""
                : "; version " + servingVersion + " keeps serving";
    if (refused) {
      return "the control plane refused version "
          + version
          + " of code location "
          + name
          + ": "
          + reason
          + (servingVersion == null ? "; no version of it serves yet" : serving);
    }
    return "code location " + name + " failed to load: " + reason + serving;
  }

  /**
   * The message without the location prefixes an older agent or the control plane put in front
   * ({@code code location sales failed to load: }, {@code code location sales: }), since the line
   * names the location once itself.
   */
  static String reason(String name, String message) {
    String rest = message.strip();
    String failed = "code location " + name + " failed to load: ";
    String named = "code location " + name + ": ";
    while (true) {
      if (rest.startsWith(failed)) {
        rest = rest.substring(failed.length()).strip();
      } else if (rest.startsWith(named)) {
        rest = rest.substring(named.length()).strip();
      } else {
        return rest.isEmpty() ? "no reason given" : rest;
      }
    }
  }
}
