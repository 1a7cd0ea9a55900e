package dev.materia.controlplane.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The one error shape of every API: {@code {"error": {"code", "message", "field"}}}.
 *
 * @param error what went wrong
 */
@Serdeable
public record ApiError(Detail error) {

  /**
   * @param code a stable machine-readable code such as {@code not_found}
   * @param message a sentence a person can act on
   * @param field the request field at fault, when there is one
   */
  @Serdeable
  public record Detail(String code, String message, @Nullable String field) {}

  public static ApiError of(String code, String message) {
    return new ApiError(new Detail(code, message, null));
  }

  public static ApiError of(String code, String message, String field) {
    return new ApiError(new Detail(code, message, field));
  }
}
