package dev.materia.controlplane.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers an {@link ApiException} with its status and the one error shape. */
@Singleton
public final class ApiExceptionHandler
    implements ExceptionHandler<ApiException, HttpResponse<ApiError>> {

  @Override
  public HttpResponse<ApiError> handle(HttpRequest request, ApiException exception) {
    return response(exception);
  }

  /** The response for {@code exception}, also used by filters, which answer before any route. */
  public static MutableHttpResponse<ApiError> response(ApiException exception) {
    MutableHttpResponse<ApiError> response =
        HttpResponse.<ApiError>status(HttpStatus.valueOf(exception.status()))
            .body(exception.toError());
    if (exception.retryAfter() != null) {
      long seconds = Math.max(1, exception.retryAfter().toSeconds());
      response.header("Retry-After", Long.toString(seconds));
    }
    return response;
  }
}
