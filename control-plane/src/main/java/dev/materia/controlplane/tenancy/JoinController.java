package dev.materia.controlplane.tenancy;

import dev.materia.controlplane.access.UserCaller;
import dev.materia.controlplane.api.ApiError;
import dev.materia.controlplane.auth.ClientAddress;
import dev.materia.controlplane.auth.Sessions;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** Ways in: sign-up with a new organization, and accepting an invitation to an existing one. */
@ApiResponse(
    responseCode = "4XX",
    description = "Refused; the body says why in the one error shape",
    content =
        @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@Controller("/api/v1/auth")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "auth")
final class JoinController {
  private final SignUp signUp;
  private final Invitations invitations;
  private final Sessions sessions;
  private final ClientAddress clientAddress;

  JoinController(
      SignUp signUp, Invitations invitations, Sessions sessions, ClientAddress clientAddress) {
    this.signUp = signUp;
    this.invitations = invitations;
    this.sessions = sessions;
    this.clientAddress = clientAddress;
  }

  /**
   * Creates an account and an organization it owns (with deployment {@code prod}) and signs in. 403
   * when the server is invite-only. Needs the header {@code X-Materia-CSRF: 1}.
   */
  @Post("/signup")
  MutableHttpResponse<Me> signUp(HttpRequest<?> request, @Body SignUpRequest body) {
    SignUp.SignedUp signedUp =
        signUp.signUp(
            body.email(),
            body.password(),
            body.name(),
            body.organization(),
            clientAddress.of(request),
            request.getHeaders().get("User-Agent"));
    return HttpResponse.created(
            new Me(signedUp.signedIn().account(), List.of(signedUp.organization())))
        .cookies(sessions.cookies(signedUp.signedIn().session()));
  }

  /**
   * Accepts an invitation: signed in, for the signed-in account (which must have the invited
   * email); otherwise creating an account for the invited email with {@code name} and {@code
   * password}, and signing it in.
   */
  @Post("/invitations/accept")
  MutableHttpResponse<Me> accept(
      HttpRequest<?> request, @Nullable UserCaller caller, @Body AcceptInvitation body) {
    Invitations.Accepted accepted =
        invitations.accept(
            body.token(),
            caller,
            body.name(),
            body.password(),
            clientAddress.of(request),
            request.getHeaders().get("User-Agent"));
    MutableHttpResponse<Me> response =
        HttpResponse.ok(new Me(accepted.account(), List.of(accepted.organization())));
    return accepted.signedIn() == null
        ? response
        : response.cookies(sessions.cookies(accepted.signedIn().session()));
  }

  /**
   * @param organization the new organization's name; its URL name is derived from it
   */
  @Serdeable
  record SignUpRequest(
      @Nullable String email,
      @Nullable String password,
      @Nullable String name,
      @Nullable String organization) {}

  /**
   * @param token the {@code mti_} code from the invitation link
   * @param name and {@code password}: for a new account only
   */
  @Serdeable
  record AcceptInvitation(
      @Nullable String token, @Nullable String name, @Nullable String password) {}
}
