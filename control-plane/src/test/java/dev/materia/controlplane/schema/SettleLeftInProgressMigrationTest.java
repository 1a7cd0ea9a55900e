package dev.materia.controlplane.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.testing.FreshDatabase;
import dev.materia.controlplane.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * V51 settles the partitions that runs ended before issue 13 left in progress (the blocking-check
 * backfill that stayed "inProgress: 31, materialized: 0").
 */
class SettleLeftInProgressMigrationTest {
  @RegisterExtension static final FreshDatabase fresh = new FreshDatabase();

  @Test
  void partitionsEndedRunsLeftInProgressAreSettledAndThoseOfLiveRunsAreNot() throws Exception {
    TestDatabase database = fresh.database();
    migrate(database, "50");
    UUID org = UUID.randomUUID();
    UUID deployment = UUID.randomUUID();
    UUID succeeded = UUID.randomUUID();
    UUID failed = UUID.randomUUID();
    UUID live = UUID.randomUUID();
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      s.execute("select set_config('materia.org_id', '" + org + "', false)");
      s.execute("insert into organizations (id, slug, name) values ('" + org + "', 'old', 'Old')");
      s.execute(
          "insert into deployments (id, org_id, name) values ('"
              + deployment
              + "', '"
              + org
              + "', 'prod')");
      for (Object[] run :
          new Object[][] {{succeeded, "SUCCESS"}, {failed, "FAILURE"}, {live, "STARTED"}}) {
        s.execute(
            "insert into runs (id, org_id, deployment_id, code_location, selection, status)"
                + " values ('"
                + run[0]
                + "', '"
                + org
                + "', '"
                + deployment
                + "', 'seed', 'x', '"
                + run[1]
                + "')");
      }
      // the backfill: materialized at 10:00, then its check step started at 10:01
      partition(s, org, deployment, "2024-01-01", succeeded);
      s.execute(
          "insert into asset_materializations_latest (org_id, deployment_id, asset_key,"
              + " partition_key, run_id, seq, materialized_at, data_version) values ('"
              + org
              + "', '"
              + deployment
              + "', 'a', '2024-01-01', '"
              + succeeded
              + "', 1, '2026-01-01T10:00:00Z', 'v1')");
      partition(s, org, deployment, "2024-01-02", succeeded); // never materialized
      partition(s, org, deployment, "2024-01-03", failed);
      partition(s, org, deployment, "2024-01-04", live);
    }

    migrate(database, "51");

    Map<String, String> statuses = new TreeMap<>();
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      s.execute("select set_config('materia.org_id', '" + org + "', false)");
      try (ResultSet rs =
          s.executeQuery("select partition_key, status from asset_partitions order by 1")) {
        while (rs.next()) {
          statuses.put(rs.getString(1), rs.getString(2));
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "select bool_and(relforcerowsecurity) from pg_class where relname in"
                  + " ('asset_partitions', 'asset_materializations_latest')")) {
        rs.next();
        assertThat(rs.getBoolean(1)).as("row-level security is forced again").isTrue();
      }
    }
    assertThat(statuses)
        .isEqualTo(
            Map.of(
                "2024-01-01", "materialized", "2024-01-03", "failed", "2024-01-04", "in_progress"));
  }

  private static void partition(Statement s, UUID org, UUID deployment, String partition, UUID run)
      throws Exception {
    s.execute(
        "insert into asset_partitions (org_id, deployment_id, asset_key, partition_key, status,"
            + " run_id, updated_at) values ('"
            + org
            + "', '"
            + deployment
            + "', 'a', '"
            + partition
            + "', 'in_progress', '"
            + run
            + "', '2026-01-01T10:01:00Z')");
  }

  private static void migrate(TestDatabase database, String target) {
    Flyway.configure(SettleLeftInProgressMigrationTest.class.getClassLoader())
        .dataSource(database.jdbcUrl(), database.user(), database.password())
        .locations("classpath:" + MigrationScripts.LOCATION)
        .target(target)
        .load()
        .migrate();
  }
}
