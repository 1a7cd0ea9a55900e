package dev.materia.controlplane.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Reads the token a request presents, by its SHA-256, in one statement ({@code materia_bearer}, in
 * migration V32): the row, its deployments, and last use written at most once a minute. The
 * statement runs on its own (autocommit), outside any tenant transaction; row-level security still
 * applies, scoped by the presented hash and then the token's organization.
 */
@Singleton
final class PresentedToken {
  /** What {@link Tokens#authenticate} decides on. */
  record Found(
      UUID id,
      UUID orgId,
      String kind,
      @Nullable UUID userId,
      String scopes,
      @Nullable UUID runId,
      @Nullable Instant expiresAt,
      @Nullable Instant revokedAt,
      Set<UUID> deploymentIds) {}

  private final DataSource dataSource;

  PresentedToken(DataSource dataSource) {
    // Its own short statement, not part of a transaction: the pool directly.
    this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
  }

  Optional<Found> find(byte[] hash) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "select id, org_id, kind, user_id, scopes, run_id, expires_at, revoked_at,"
                    + " deployment_ids from materia_bearer(?)")) {
      if (!connection.getAutoCommit()) {
        connection.setAutoCommit(true);
      }
      statement.setBytes(1, hash);
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Found(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getObject(4, UUID.class),
                rs.getString(5),
                rs.getObject(6, UUID.class),
                instant(rs.getTimestamp(7)),
                instant(rs.getTimestamp(8)),
                uuids(rs.getArray(9))));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("checking a bearer token failed", e);
    }
  }

  private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static Set<UUID> uuids(Array array) throws SQLException {
    try {
      return Arrays.stream((Object[]) array.getArray())
          .map(UUID.class::cast)
          .collect(Collectors.toUnmodifiableSet());
    } finally {
      array.free();
    }
  }
}
