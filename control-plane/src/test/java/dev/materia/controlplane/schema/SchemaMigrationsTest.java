package dev.materia.controlplane.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.controlplane.ControlPlane;
import dev.materia.controlplane.testing.RunningControlPlane;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SchemaMigrationsTest {
  @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

  private static final Map<String, Integer> SCRIPTS =
      MigrationScripts.onClasspath(SchemaMigrationsTest.class.getClassLoader()).orElseThrow();
  private static final String NEWEST =
      SCRIPTS.keySet().stream()
          .max((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)))
          .orElseThrow();

  @Test
  void theScriptsChecksumsAreTheOnesFlywayRecordedSoAMigratedSchemaIsCurrent() throws Exception {
    try (Connection connection = controlPlane.database().connect()) {
      SchemaHistory history = SchemaHistory.read(connection, SCRIPTS);
      assertThat(history.pending()).isEmpty();
      assertThat(history.current()).isTrue();
    }
  }

  @Test
  void aRestartOnACurrentSchemaSkipsFlyway() {
    EmbeddedServer restarted = startAnotherOnTheSameDatabase();
    try {
      assertThat(restarted.getApplicationContext().getBean(SchemaMigrations.class).flywayRan())
          .isFalse();
      HttpResponse<String> ready = controlPlane.get("/health/ready");
      assertThat(ready.body()).contains("\"migrations\":\"UP\"");
    } finally {
      restarted.getApplicationContext().close();
    }
  }

  @Test
  void theNewestMigrationMissingFromTheHistoryIsPendingAndNotCurrent() throws Exception {
    inRolledBackTransaction(
        "delete from flyway_schema_history where version = '" + NEWEST + "'",
        history -> {
          assertThat(history.pending()).containsExactly(NEWEST);
          assertThat(history.current()).isFalse();
        });
  }

  @Test
  void anEditedScriptOrAFailedMigrationIsNotCurrent() throws Exception {
    inRolledBackTransaction(
        "update flyway_schema_history set checksum = checksum + 1 where version = '1'",
        history -> {
          assertThat(history.pending()).isEmpty();
          assertThat(history.current()).isFalse();
        });
    inRolledBackTransaction(
        "update flyway_schema_history set success = false where version = '" + NEWEST + "'",
        history -> assertThat(history.current()).isFalse());
    inRolledBackTransaction(
        "insert into flyway_schema_history (installed_rank, version, description, type, script,"
            + " checksum, installed_by, execution_time, success) values (9999, '9999', 'later',"
            + " 'SQL', 'V9999__later.sql', 1, 'test', 1, true)",
        history -> assertThat(history.current()).isFalse());
  }

  @Test
  void aRestartOnAnEditedScriptLeavesItToFlywaysValidationWhichRefusesToStart() throws Exception {
    execute("update flyway_schema_history set checksum = checksum + 1 where version = '1'");
    try {
      assertThatThrownBy(SchemaMigrationsTest::startAnotherOnTheSameDatabase)
          .satisfies(
              e -> {
                StringBuilder messages = new StringBuilder();
                for (Throwable t = e; t != null; t = t.getCause()) {
                  messages.append(t.getMessage()).append('\n');
                }
                assertThat(messages.toString()).contains("checksum mismatch");
              });
    } finally {
      execute("update flyway_schema_history set checksum = checksum - 1 where version = '1'");
    }
  }

  /** A second control plane on the same database, on a port of its own: a restart. */
  private static EmbeddedServer startAnotherOnTheSameDatabase() {
    Map<String, Object> properties = new HashMap<>(controlPlane.database().datasourceProperties());
    properties.put("micronaut.server.port", -1);
    return ControlPlane.start(properties);
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = controlPlane.database().connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void inRolledBackTransaction(String change, Consumer<SchemaHistory> check)
      throws SQLException {
    try (Connection connection = controlPlane.database().connect()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute(change);
        check.accept(SchemaHistory.read(connection, SCRIPTS));
      } finally {
        connection.rollback();
      }
    }
  }
}
