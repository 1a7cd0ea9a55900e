package dev.materia.controlplane.api;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.server.types.files.StreamedFile;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URL;
import java.util.Optional;

/**
 * Serves the OpenAPI document that micronaut-openapi generates from the controllers at compile
 * time, so it always matches the routes.
 */
@Controller("/api/openapi.yml")
@Hidden
final class OpenApiController {
  static final String DOCUMENT = "classpath:META-INF/swagger/materia-api-v1.yml";
  private final Optional<URL> document;

  OpenApiController(ResourceResolver resources) {
    this.document = resources.getResource(DOCUMENT);
  }

  @Get(produces = "application/yaml")
  HttpResponse<StreamedFile> openApi() {
    return document
        .map(
            url ->
                HttpResponse.ok(new StreamedFile(url))
                    .contentType(MediaType.of("application/yaml")))
        .orElseThrow(
            () -> ApiException.notFound("the OpenAPI document was not generated into this build"));
  }
}
