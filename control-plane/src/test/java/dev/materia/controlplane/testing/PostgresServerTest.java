package dev.materia.controlplane.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresServerTest {

  @Test
  void givesEachCallerItsOwnEmptyDatabaseAndDropsItOnClose() throws Exception {
    PostgresServer server = PostgresServer.shared();
    String firstName;
    try (TestDatabase first = server.createDatabase("Fixture Spec");
        TestDatabase second = server.createDatabase("Fixture Spec")) {
      firstName = first.name();
      assertThat(first.name()).isNotEqualTo(second.name()).startsWith("t_fixture_spec_");
      try (Connection connection = first.connect();
          Statement statement = connection.createStatement()) {
        statement.execute("create table only_in_first (id int)");
      }
      try (Connection connection = second.connect();
          Statement statement = connection.createStatement();
          ResultSet rs =
              statement.executeQuery(
                  "select count(*) from information_schema.tables where table_name = 'only_in_first'")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
    try (TestDatabase probe = server.createDatabase("probe");
        Connection connection = probe.connect();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "select count(*) from pg_database where datname = '" + firstName + "'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("database dropped on close").isZero();
    }
  }

  @Test
  void reusesOneServerPerJvm() {
    assertThat(PostgresServer.shared()).isSameAs(PostgresServer.shared());
    assertThat(PostgresServer.shared().backend()).isNotBlank();
  }
}
