package dev.materia.controlplane.console;

import dev.materia.controlplane.api.ApiError;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.server.types.files.StreamedFile;
import java.net.URL;
import java.util.Optional;

/**
 * Serves the console's {@code index.html} for unknown browser paths, so deep links into the
 * single-page app survive a reload; API paths get the JSON error shape instead.
 */
@Controller
public final class ConsoleFallback {
  private final Optional<URL> index;

  ConsoleFallback(ResourceResolver resources) {
    this.index = resources.getResource("classpath:console/index.html");
  }

  @Error(status = HttpStatus.NOT_FOUND, global = true)
  public HttpResponse<?> notFound(HttpRequest<?> request) {
    if (isPageRequest(request) && index.isPresent()) {
      return HttpResponse.ok(new StreamedFile(index.get())).contentType(MediaType.TEXT_HTML_TYPE);
    }
    return HttpResponse.notFound(
        ApiError.of("not_found", "No route for " + request.getMethod() + " " + request.getPath()));
  }

  private static boolean isPageRequest(HttpRequest<?> request) {
    String path = request.getPath();
    return request.getMethod() == HttpMethod.GET
        && !path.startsWith("/api/")
        && !path.startsWith("/health")
        && request.getHeaders().accept().stream().anyMatch(MediaType.TEXT_HTML_TYPE::matches);
  }
}
