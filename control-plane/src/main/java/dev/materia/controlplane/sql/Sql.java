package dev.materia.controlplane.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The JDBC steps the hand-written stores share: bind arguments, read rows, update. Each runs on the
 * connection it is given (the open tenant transaction's) and turns a {@link SQLException} into an
 * {@link IllegalStateException} that keeps it as the cause, so outages are still recognised.
 */
public final class Sql {
  private Sql() {}

  /** Reads one row into a value. */
  @FunctionalInterface
  public interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /**
   * A statement with {@code args} bound in order; a {@link java.sql.Array}, {@code String[]}
   * ({@code text[]}), {@code UUID[]} ({@code uuid[]}) or {@code Boolean[]} ({@code boolean[]})
   * binds as an array.
   */
  public static PreparedStatement prepare(Connection connection, String sql, Object... args)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < args.length; i++) {
        Object arg = args[i];
        if (arg instanceof java.sql.Array array) {
          statement.setArray(i + 1, array);
        } else if (arg instanceof String[] strings) {
          statement.setArray(i + 1, connection.createArrayOf("text", strings));
        } else if (arg instanceof java.util.UUID[] uuids) {
          statement.setArray(i + 1, connection.createArrayOf("uuid", uuids));
        } else if (arg instanceof Boolean[] booleans) {
          statement.setArray(i + 1, connection.createArrayOf("boolean", booleans));
        } else {
          statement.setObject(i + 1, arg);
        }
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  /** Every row of the query, read by {@code row}. */
  public static <T> List<T> list(Connection connection, String sql, Row<T> row, Object... args) {
    try (PreparedStatement statement = prepare(connection, sql, args);
        ResultSet rs = statement.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(row.read(rs));
      }
      return out;
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** The first row of the query, if any. */
  public static <T> Optional<T> first(
      Connection connection, String sql, Row<T> row, Object... args) {
    try (PreparedStatement statement = prepare(connection, sql, args);
        ResultSet rs = statement.executeQuery()) {
      return rs.next() ? Optional.ofNullable(row.read(rs)) : Optional.empty();
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** The first column of the first row as a number (a {@code count(*)}). */
  public static long count(Connection connection, String sql, Object... args) {
    return first(connection, sql, rs -> rs.getLong(1), args).orElseThrow();
  }

  /** Runs an insert, update or delete and returns how many rows it changed. */
  public static int update(Connection connection, String sql, Object... args) {
    try (PreparedStatement statement = prepare(connection, sql, args)) {
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** A {@code text[]} column as a list; empty for SQL null. */
  public static List<String> textArray(ResultSet rs, int column) throws SQLException {
    java.sql.Array array = rs.getArray(column);
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }

  /** The exception the helpers throw, for a store's own JDBC code. */
  public static IllegalStateException failed(SQLException e) {
    return new IllegalStateException("query failed: " + e.getMessage(), e);
  }
}
