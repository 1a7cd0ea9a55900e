package dev.materia.controlplane.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A fingerprint of everything one organization owns: a hash of its rows in every table with an
 * {@code org_id} column, plus its {@code organizations} row. Tables added later are covered without
 * changes here, so "no side effect" checks keep meaning everything.
 */
public record TenantSnapshot(Map<String, String> tables) {

  public static TenantSnapshot take(TestDatabase database, UUID orgId) {
    try (Connection connection = database.connect()) {
      Map<String, String> tables = new TreeMap<>();
      tables.put("organizations", hash(connection, "organizations", "id", orgId));
      for (String table : tenantTables(connection)) {
        tables.put(table, hash(connection, table, "org_id", orgId));
      }
      return new TenantSnapshot(tables);
    } catch (SQLException e) {
      throw new IllegalStateException("could not fingerprint organization " + orgId, e);
    }
  }

  /** Every table of the public schema with an {@code org_id} column, partitions included. */
  public static List<String> tenantTables(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rs =
        connection
            .createStatement()
            .executeQuery(
                "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                    + " join pg_attribute a on a.attrelid = c.oid and a.attname = 'org_id'"
                    + " and not a.attisdropped"
                    + " where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }

  private static String hash(Connection connection, String table, String column, UUID orgId)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '')"
                + " from "
                + table
                + " t where "
                + column
                + " = ?")) {
      statement.setObject(1, orgId);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
