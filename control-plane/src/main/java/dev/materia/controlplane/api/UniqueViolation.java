package dev.materia.controlplane.api;

import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * A unique constraint PostgreSQL refused an insert for. Uniqueness is checked by the database, not
 * by reading first, because row-level security hides other tenants' rows from such a read.
 *
 * @param constraint the constraint's name, such as {@code organizations_slug_key}
 */
public record UniqueViolation(String constraint) {

  /** The unique violation somewhere in {@code error}'s causes, if that is what it is. */
  public static Optional<UniqueViolation> in(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        String name = "";
        if (sql instanceof PSQLException psql) {
          ServerErrorMessage server = psql.getServerErrorMessage();
          if (server != null && server.getConstraint() != null) {
            name = server.getConstraint();
          }
        }
        return Optional.of(new UniqueViolation(name));
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }
}
