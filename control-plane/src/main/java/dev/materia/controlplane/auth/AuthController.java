package dev.materia.controlplane.auth;

import dev.materia.controlplane.access.UserCaller;
import dev.materia.controlplane.api.ApiError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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

/** Console sign-in and sign-out; sign-up lives with organizations ({@code tenancy}). */
@ApiResponse(
    responseCode = "4XX",
    description = "Refused; the body says why in the one error shape",
    content =
        @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@Controller("/api/v1/auth")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "auth")
final class AuthController {
  private final SignIn signIn;
  private final Sessions sessions;
  private final ClientAddress clientAddress;

  AuthController(SignIn signIn, Sessions sessions, ClientAddress clientAddress) {
    this.signIn = signIn;
    this.sessions = sessions;
    this.clientAddress = clientAddress;
  }

  /**
   * Signs in with email and password and sets the session cookie. Needs the header {@code
   * X-Materia-CSRF: 1}. Answers 429 after too many failures for the account or the address.
   */
  @Post("/login")
  HttpResponse<SignedInResponse> login(HttpRequest<?> request, @Body LoginRequest body) {
    SignIn.SignedIn signedIn =
        signIn.login(
            body.email(),
            body.password(),
            clientAddress.of(request),
            request.getHeaders().get("User-Agent"));
    return HttpResponse.ok(new SignedInResponse(signedIn.account()))
        .cookies(sessions.cookies(signedIn.session()));
  }

  /** Ends the console session at once and clears the cookie; signed out already is fine. */
  @Post("/logout")
  HttpResponse<Void> logout(@Nullable UserCaller caller) {
    if (caller != null) {
      signIn.logout(caller);
    }
    return HttpResponse.<Void>noContent().cookies(sessions.clearedCookies());
  }

  @Serdeable
  record LoginRequest(@Nullable String email, @Nullable String password) {}

  /**
   * @param user the account now signed in
   */
  @Serdeable
  record SignedInResponse(Account user) {}
}
