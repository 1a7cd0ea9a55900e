package dev.materia.controlplane.auth;

import dev.materia.controlplane.access.OrgAccess;
import dev.materia.controlplane.access.Role;
import dev.materia.controlplane.access.TokenKind;
import dev.materia.controlplane.access.UserCaller;
import dev.materia.controlplane.api.ApiError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;

/**
 * User tokens (any member, for themselves) and agent tokens (admins) of an organization. The secret
 * is in the creation response only.
 */
@ApiResponse(
    responseCode = "4XX",
    description = "Refused; the body says why in the one error shape",
    content =
        @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@Controller("/api/v1/orgs/{org}")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "tokens")
final class TokensController {
  private final OrgAccess access;
  private final Tokens tokens;

  TokensController(OrgAccess access, Tokens tokens) {
    this.access = access;
    this.tokens = tokens;
  }

  /** Creates a user token ({@code mtu_}) that acts as the caller in this organization. */
  @Post("/tokens")
  @Status(HttpStatus.CREATED)
  CreatedToken createUserToken(UserCaller caller, String org, @Body CreateUserToken request) {
    return access.inOrg(
        caller,
        org,
        Role.VIEWER,
        scope ->
            CreatedToken.of(
                tokens.createUserToken(
                    scope, request.name(), request.expiresInDays(), request.scopes())));
  }

  /** The caller's live user tokens; admins see every member's. */
  @Get("/tokens")
  List<TokenView> listUserTokens(UserCaller caller, String org) {
    return access.inOrg(
        caller,
        org,
        Role.VIEWER,
        scope -> tokens.list(scope, TokenKind.USER, !scope.role().atLeast(Role.ADMIN)));
  }

  /** Revokes a user token at once: one's own, or any member's for admins. */
  @Delete("/tokens/{id}")
  HttpResponse<Void> revokeUserToken(UserCaller caller, String org, String id) {
    access.inOrg(
        caller,
        org,
        Role.VIEWER,
        scope -> {
          tokens.revoke(scope, TokenKind.USER, id, !scope.role().atLeast(Role.ADMIN));
          return null;
        });
    return HttpResponse.noContent();
  }

  /** Creates an agent token ({@code mta_}) for the named deployments (admin). */
  @Post("/agent-tokens")
  @Status(HttpStatus.CREATED)
  CreatedToken createAgentToken(UserCaller caller, String org, @Body CreateAgentToken request) {
    return access.inOrg(
        caller,
        org,
        Role.ADMIN,
        scope ->
            CreatedToken.of(
                tokens.createAgentToken(
                    scope, request.name(), request.deployments(), request.expiresInDays())));
  }

  /** The organization's live agent tokens (admin). */
  @Get("/agent-tokens")
  List<TokenView> listAgentTokens(UserCaller caller, String org) {
    return access.inOrg(
        caller, org, Role.ADMIN, scope -> tokens.list(scope, TokenKind.AGENT, false));
  }

  /** Revokes an agent token at once (admin). */
  @Delete("/agent-tokens/{id}")
  HttpResponse<Void> revokeAgentToken(UserCaller caller, String org, String id) {
    access.inOrg(
        caller,
        org,
        Role.ADMIN,
        scope -> {
          tokens.revoke(scope, TokenKind.AGENT, id, false);
          return null;
        });
    return HttpResponse.noContent();
  }

  /**
   * @param expiresInDays 1 to 366; default 90
   * @param scopes {@code api:read}, {@code api:write}; default both
   */
  @Serdeable
  record CreateUserToken(
      @Nullable String name, @Nullable Integer expiresInDays, @Nullable List<String> scopes) {}

  /**
   * @param deployments names of the deployments the agent may act on; at least one
   * @param expiresInDays 1 to 366; default: until revoked
   */
  @Serdeable
  record CreateAgentToken(
      @Nullable String name, @Nullable List<String> deployments, @Nullable Integer expiresInDays) {}

  /**
   * @param id the token's id, for revoking it
   * @param token the secret: shown this once, store it now
   */
  @Serdeable
  record CreatedToken(UUID id, String token, TokenView details) {
    static CreatedToken of(Tokens.Created created) {
      return new CreatedToken(created.view().id(), created.token(), created.view());
    }
  }
}
