package dev.materia.controlplane.auth;

import dev.materia.controlplane.access.AgentCaller;
import dev.materia.controlplane.access.UserCaller;
import dev.materia.controlplane.api.ApiException;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Binds controller parameters of type {@link UserCaller} and {@link AgentCaller} to the caller
 * {@link CallerFilter} established. A required parameter without such a caller is 401, so a route
 * is public exactly when it takes no caller parameter; a {@code @Nullable} parameter gets null.
 */
final class CallerBinders {
  private CallerBinders() {}

  @Singleton
  static final class UserCallerBinder implements TypedRequestArgumentBinder<UserCaller> {
    @Override
    public Argument<UserCaller> argumentType() {
      return Argument.of(UserCaller.class);
    }

    @Override
    public BindingResult<UserCaller> bind(
        ArgumentConversionContext<UserCaller> context, HttpRequest<?> request) {
      Optional<UserCaller> caller =
          CallerFilter.callerOf(request)
              .filter(UserCaller.class::isInstance)
              .map(UserCaller.class::cast);
      if (caller.isEmpty() && !context.getArgument().isNullable()) {
        throw missing(request, "sign in, or send Authorization: Bearer with a user token (mtu_)");
      }
      return () -> caller;
    }
  }

  @Singleton
  static final class AgentCallerBinder implements TypedRequestArgumentBinder<AgentCaller> {
    @Override
    public Argument<AgentCaller> argumentType() {
      return Argument.of(AgentCaller.class);
    }

    @Override
    public BindingResult<AgentCaller> bind(
        ArgumentConversionContext<AgentCaller> context, HttpRequest<?> request) {
      Optional<AgentCaller> caller =
          CallerFilter.callerOf(request)
              .filter(AgentCaller.class::isInstance)
              .map(AgentCaller.class::cast);
      if (caller.isEmpty() && !context.getArgument().isNullable()) {
        throw missing(
            request, "send Authorization: Bearer with an agent token (mta_) or a run token (mtr_)");
      }
      return () -> caller;
    }
  }

  private static ApiException missing(HttpRequest<?> request, String how) {
    return request
        .getAttribute(CallerFilter.SESSION_PROBLEM, ApiException.class)
        .orElseGet(() -> ApiException.unauthenticated("unauthenticated", "not signed in: " + how));
  }
}
