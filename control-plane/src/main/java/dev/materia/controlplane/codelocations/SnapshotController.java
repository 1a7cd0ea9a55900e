package dev.materia.controlplane.codelocations;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.materia.api.agent.AgentProtocol;
import dev.materia.api.agent.SnapshotAck;
import dev.materia.api.snapshot.CodeLocationSnapshot;
import dev.materia.controlplane.access.AgentCaller;
import dev.materia.controlplane.access.OrgAccess;
import dev.materia.controlplane.access.TokenKind;
import dev.materia.controlplane.api.ApiError;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.api.ProtocolVersion;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Agents (agent tokens only) upload the definitions snapshot of a code location they loaded. */
@ApiResponse(
    responseCode = "4XX",
    description = "Refused; the body says why in the one error shape",
    content =
        @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@Controller("/api/agent/v1/code-locations/{name}/snapshot")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "agent protocol")
final class SnapshotController {
  private static final Logger log = LoggerFactory.getLogger(SnapshotController.class);
  private final OrgAccess access;
  private final CodeLocations locations;
  private final JsonMapper json;

  SnapshotController(OrgAccess access, CodeLocations locations, JsonMapper json) {
    this.access = access;
    this.locations = locations;
    this.json = json;
  }

  /**
   * Stores the snapshot of code location {@code name} of {@code ?deployment=}; an identical content
   * hash is a no-op ({@code changed: false}). A refused snapshot (4xx) of the registered version
   * marks that version FAILED with the refusal; the stored snapshot keeps serving.
   */
  @Put
  @Consumes(MediaType.APPLICATION_JSON)
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = CodeLocationSnapshot.class)))
  SnapshotAck upload(
      AgentCaller caller,
      String name,
      @Nullable @QueryValue String deployment,
      @Nullable @Header(AgentProtocol.HEADER) String protocol,
      @Body byte[] body) {
    ProtocolVersion.require(protocol);
    if (caller.kind() != TokenKind.AGENT) {
      throw ApiException.forbidden(
          "wrong_token_kind",
          "snapshots take an agent token (mta_); a run token (mtr_) may only post its run's events");
    }
    try {
      SnapshotUpload snapshot = read(name, body);
      return access.inOrg(
          caller, scope -> locations.acceptSnapshot(scope, caller, deployment, name, snapshot));
    } catch (ApiException refused) {
      recordRefusal(caller, deployment, name, body, refused);
      throw refused;
    }
  }

  /**
   * Marks the refused snapshot's version FAILED with the refusal, in a transaction of its own (the
   * upload's rolled back), so {@code materia deploy --wait} and the console see the truth; a
   * failure to record it is logged and the agent still gets the refusal.
   */
  private void recordRefusal(
      AgentCaller caller,
      @Nullable String deployment,
      String name,
      byte[] body,
      ApiException refused) {
    int status = refused.status();
    if (status < 400 || status >= 500 || status == 401 || status == 403 || status == 404) {
      return;
    }
    String version = versionOf(body);
    if (version == null) {
      return;
    }
    try {
      access.inOrg(
          caller,
          scope ->
              locations.recordRefusedSnapshot(
                  scope, caller, deployment, name, version, refused.getMessage()));
    } catch (RuntimeException e) {
      log.warn("could not record the refused snapshot of code location {}: {}", name, e.toString());
    }
  }

  /** The {@code version} of a snapshot body, or null when the body does not say. */
  private @Nullable String versionOf(byte[] body) {
    if (body == null || body.length == 0 || containsEscapedNul(body)) {
      return null;
    }
    try {
      JsonNode tree = json.readValue(body, JsonNode.class);
      JsonNode version = tree == null || !tree.isObject() ? null : tree.get("version");
      return version != null && version.isString() ? version.getStringValue() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Reads the body here rather than through binding, so a snapshot the shared-api records refuse
   * (an unknown dependency, a wrong content hash) answers with their message and the field at
   * fault.
   */
  private SnapshotUpload read(String name, byte[] body) {
    if (body == null || body.length == 0) {
      throw ApiException.invalid("body", "the body must be a CodeLocationSnapshot as JSON");
    }
    if (containsEscapedNul(body)) {
      throw ApiException.invalid(
          "body", "the snapshot holds a NUL character (\\u0000), which no name or text may hold");
    }
    try {
      SnapshotUpload snapshot = json.readValue(body, SnapshotUpload.class);
      if (snapshot == null) {
        throw ApiException.invalid("body", "the body must be a CodeLocationSnapshot as JSON");
      }
      return snapshot;
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiException api) {
        throw api;
      }
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof IllegalArgumentException refused && refused.getMessage() != null) {
          throw ApiException.invalid(
              SnapshotUpload.fieldOf(
                  json, body, refused.getMessage(), fieldOf(refused.getMessage())),
              "code location " + name + ": " + refused.getMessage());
        }
        if (cause instanceof StreamConstraintsException limit) {
          throw ApiException.invalid(
              "body", "the JSON body breaks a limit of this API: " + limit.getOriginalMessage());
        }
        if (cause.getCause() == cause) {
          break;
        }
      }
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      int newline = message.indexOf('\n');
      throw ApiException.invalid(
          "body",
          "the body is not a CodeLocationSnapshot: "
              + (newline < 0 ? message : message.substring(0, newline)));
    }
  }

  /** Whether the JSON text escapes a NUL, which PostgreSQL text columns cannot store. */
  static boolean containsEscapedNul(byte[] body) {
    byte[] nul = {'\\', 'u', '0', '0', '0', '0'};
    outer:
    for (int i = 0; i + nul.length <= body.length; i++) {
      for (int j = 0; j < nul.length; j++) {
        if (body[i + j] != nul[j]) {
          continue outer;
        }
      }
      // "\\u0000" is an escaped backslash followed by text, not a NUL.
      int backslashes = 0;
      for (int k = i - 1; k >= 0 && body[k] == '\\'; k--) {
        backslashes++;
      }
      if (backslashes % 2 == 0) {
        return true;
      }
    }
    return false;
  }

  /** The snapshot field a refusal of the shared-api records is about. */
  static String fieldOf(String message) {
    if (message.contains("contentHash")) {
      return "contentHash";
    }
    if (message.startsWith("check ") || message.contains("declares check")) {
      return "checks";
    }
    if (message.contains("schedule")) {
      return "schedules";
    }
    if (message.contains("code location name")) {
      return "name";
    }
    return "assets";
  }
}
