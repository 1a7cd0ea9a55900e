package dev.materia.controlplane.api;

import io.micronaut.serde.exceptions.SerdeException;

/**
 * A JSON value of the wrong kind for its property (text for a number, a fraction for an integer, an
 * array for a string), thrown while a body is read; {@link #field()} names the property.
 */
public final class StrictValueException extends SerdeException {
  private final String field;
  private final String problem;

  StrictValueException(String field, String problem) {
    super(field + " " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** The property, as the reader knew it (its name, not its path). */
  public String field() {
    return field;
  }

  /** What is wrong, without the field: {@code must be an integer, not a string}. */
  public String problem() {
    return problem;
  }
}
