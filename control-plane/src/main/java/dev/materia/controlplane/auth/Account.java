package dev.materia.controlplane.auth;

import io.micronaut.serde.annotation.Serdeable;
import java.util.UUID;

/** A person's account, as the API shows it: never the password hash. */
@Serdeable
public record Account(UUID id, String email, String name) {
  static Account of(UserRow row) {
    return new Account(row.id(), row.email(), row.name());
  }
}
