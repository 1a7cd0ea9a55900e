package dev.materia.controlplane.access;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.materia.controlplane.api.ApiException;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A member's role in an organization; each role may do everything the ones before it may. */
@Serdeable
public enum Role {
  VIEWER,
  LAUNCHER,
  EDITOR,
  ADMIN,
  OWNER;

  /** The name used in JSON and SQL: {@code viewer}, {@code launcher}, … */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean atLeast(Role minimum) {
    return compareTo(minimum) >= 0;
  }

  /** Parses a request field, failing with a message that lists the valid roles. */
  public static Role parse(String value, String field) {
    if (value == null || value.isBlank()) {
      throw ApiException.invalid(field, field + " is required: one of " + names());
    }
    for (Role role : values()) {
      if (role.wireName().equals(value)) {
        return role;
      }
    }
    throw ApiException.invalid(
        field, field + " '" + value + "' is not a role: use one of " + names());
  }

  /** Reads a value stored by this enum; the database constrains it to these names. */
  public static Role fromStored(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  private static String names() {
    return Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", "));
  }
}
