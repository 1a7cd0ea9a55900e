package dev.materia.controlplane.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.testing.RunningControlPlane;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MigrationsTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  @Test
  void startingTheControlPlaneAppliesEveryMigrationToARealPostgres() throws Exception {
    List<String> applied = new ArrayList<>();
    try (Connection connection = controlPlane.database().connect();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "select version, success from flyway_schema_history"
                    + " where version is not null order by installed_rank")) {
      while (rs.next()) {
        assertThat(rs.getBoolean("success")).as("migration V%s", rs.getString(1)).isTrue();
        applied.add(rs.getString("version"));
      }
      try (ResultSet server = statement.executeQuery("select version()")) {
        server.next();
        assertThat(server.getString(1)).startsWith("PostgreSQL");
      }
    }
    assertThat(applied).startsWith("1");
  }

  @Test
  void organizationsTableRejectsASlugThatIsNotUrlSafe() throws Exception {
    try (Connection connection = controlPlane.database().connect();
        Statement statement = connection.createStatement()) {
      statement.execute("insert into organizations (slug, name) values ('acme-data', 'Acme')");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  statement.execute(
                      "insert into organizations (slug, name) values ('Acme Data!', 'Acme')"))
          .hasMessageContaining("organizations_slug_check");
    }
  }
}
