package dev.materia.controlplane.auth;

import dev.materia.controlplane.access.AgentCaller;
import dev.materia.controlplane.access.Caller;
import dev.materia.controlplane.access.UserCaller;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.api.ApiExceptionHandler;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Optional;
import java.util.Set;

/**
 * Establishes the {@link Caller} of every API request before any controller runs.
 *
 * <ul>
 *   <li>{@code Authorization: Bearer} wins: {@code mtu_} tokens on {@code /api/v1}, {@code mta_}
 *       and {@code mtr_} only on {@code /api/agent}. A bad token is 401, a token on the wrong API
 *       403, a read-only token on a state-changing request 403.
 *   <li>Otherwise, on {@code /api/v1}, the session cookie. A state-changing request without a
 *       bearer token must carry {@code X-Materia-CSRF: 1} (403 otherwise): a cross-site form or
 *       script cannot set it, so the cookie alone never changes anything.
 *   <li>A stale cookie does not block public routes such as sign-in; routes that need a caller
 *       answer 401 with the cookie's problem, and the response clears the cookie.
 * </ul>
 */
@ServerFilter({"/api/v1/**", "/api/agent/**"})
final class CallerFilter {
  static final String CALLER = "materia.caller";
  static final String SESSION_PROBLEM = "materia.session-problem";
  static final String RENEWED_SESSION = "materia.session-renewed";
  static final String STRAY_SIGNED_IN = "materia.stray-signed-in";
  static final String CSRF_HEADER = "X-Materia-CSRF";
  private static final Set<HttpMethod> SAFE =
      Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final Tokens tokens;
  private final Sessions sessions;
  private final ClientAddress clientAddress;

  CallerFilter(Tokens tokens, Sessions sessions, ClientAddress clientAddress) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.clientAddress = clientAddress;
  }

  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable
  HttpResponse<?> authenticate(HttpRequest<?> request) {
    try {
      establish(request);
      return null;
    } catch (ApiException e) {
      return ApiExceptionHandler.response(e);
    }
  }

  private void establish(HttpRequest<?> request) {
    boolean agentApi = request.getPath().startsWith("/api/agent/");
    boolean safe = SAFE.contains(request.getMethod());
    String ip = clientAddress.of(request);
    String authorization = request.getHeaders().get("Authorization");
    if (authorization != null) {
      Caller caller = tokens.authenticate(bearerToken(authorization), ip);
      if (agentApi && caller instanceof UserCaller) {
        throw ApiException.forbidden(
            "wrong_token_kind",
            "user tokens (mtu_) work on /api/v1; the agent protocol takes an agent token (mta_)"
                + " or a run token (mtr_)");
      }
      if (!agentApi && caller instanceof AgentCaller) {
        throw ApiException.forbidden(
            "wrong_token_kind",
            "agent (mta_) and run (mtr_) tokens work only on /api/agent/v1; use a user token"
                + " (mtu_) here");
      }
      if (!safe && caller instanceof UserCaller user && !user.scopes().contains(UserCaller.WRITE)) {
        throw ApiException.forbidden(
            "insufficient_scope",
            "this token is read-only (api:read); this request needs api:write");
      }
      request.setAttribute(CALLER, caller);
      return;
    }
    if (agentApi) {
      return;
    }
    if (!safe && !"1".equals(request.getHeaders().get(CSRF_HEADER))) {
      throw ApiException.forbidden(
          "csrf_required",
          "state-changing requests without a bearer token need the header " + CSRF_HEADER + ": 1");
    }
    Cookie cookie = request.getCookies().get(sessions.cookieName());
    if (cookie == null || cookie.getValue().isEmpty()) {
      if (request.getCookies().contains(sessions.signedInCookieName())) {
        // The console would keep asking /me for a session the browser no longer holds.
        request.setAttribute(STRAY_SIGNED_IN, true);
      }
      return;
    }
    switch (sessions.check(cookie.getValue(), ip)) {
      case Sessions.Check.Valid valid -> {
        request.setAttribute(CALLER, valid.caller());
        if (valid.renewed() != null) {
          request.setAttribute(RENEWED_SESSION, valid.renewed());
        }
      }
      case Sessions.Check.Invalid invalid ->
          request.setAttribute(
              SESSION_PROBLEM, ApiException.unauthenticated(invalid.code(), invalid.message()));
    }
  }

  /** Renews the cookie when the session was renewed, and clears a cookie that no longer works. */
  @ResponseFilter
  void cookies(HttpRequest<?> request, MutableHttpResponse<?> response) {
    if (response.getHeaders().contains("Set-Cookie")) {
      return; // sign-in and sign-out set the cookie themselves
    }
    request
        .getAttribute(RENEWED_SESSION, Sessions.Issued.class)
        .ifPresent(issued -> response.cookies(sessions.cookies(issued)));
    if (request.getAttribute(SESSION_PROBLEM).isPresent()
        || request.getAttribute(STRAY_SIGNED_IN).isPresent()) {
      response.cookies(sessions.clearedCookies());
    }
  }

  /** The caller the filter established, if any. */
  static Optional<Caller> callerOf(HttpRequest<?> request) {
    return request.getAttribute(CALLER, Caller.class);
  }

  private static String bearerToken(String authorization) {
    if (authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiException.unauthenticated(
          "invalid_authorization", "use the header Authorization: Bearer <token>");
    }
    return authorization.substring(7).trim();
  }
}
