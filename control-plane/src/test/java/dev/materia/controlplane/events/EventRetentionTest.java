package dev.materia.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.testing.RunningControlPlane;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EventRetentionTest {
  // The scheduled sweep (a minute after start) keeps everything, so on a slow machine it cannot
  // drop
  // the 2020 partitions before the test drops them with its own cut-off.
  @RegisterExtension
  static final RunningControlPlane controlPlane =
      new RunningControlPlane(Map.of("materia.events.retention", "100000d"));

  @Test
  void retentionDropsWholeMonthsOlderThanTheCutoffAndKeepsTheCurrentOne() throws Exception {
    try (Connection owner = controlPlane.database().connect()) {
      owner.createStatement().execute("select materia_ensure_run_events_partition('2020-03-15Z')");
      owner.createStatement().execute("select materia_ensure_run_events_partition('2020-04-15Z')");
    }
    EventRetention retention = controlPlane.context().getBean(EventRetention.class);

    var dropped = retention.dropBefore(Instant.parse("2020-04-15T00:00:00Z"));

    assertThat(dropped).containsExactly("run_events_2020_03");
    assertThat(exists("run_events_2020_03")).isFalse();
    assertThat(exists("run_events_2020_04")).isTrue();
    assertThat(retention.dropBefore(Instant.parse("2020-05-01T00:00:00Z")))
        .containsExactly("run_events_2020_04");
    assertThat(retention.dropBefore(Instant.now())).isEmpty();
  }

  @Test
  void aNewPartitionIsATenantTableWithRowLevelSecurityForced() throws Exception {
    try (Connection owner = controlPlane.database().connect()) {
      owner.createStatement().execute("select materia_ensure_run_events_partition('2031-01-02Z')");
      try (ResultSet rs =
          owner
              .createStatement()
              .executeQuery(
                  "select relrowsecurity, relforcerowsecurity from pg_class"
                      + " where relname = 'run_events_2031_01'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).isTrue();
        assertThat(rs.getBoolean(2)).isTrue();
      }
    }
    assertThat(
            controlPlane
                .context()
                .getBean(EventRetention.class)
                .dropBefore(Instant.parse("2031-03-01T00:00:00Z")))
        .contains("run_events_2031_01");
  }

  private static boolean exists(String table) throws Exception {
    try (Connection owner = controlPlane.database().connect();
        ResultSet rs =
            owner
                .createStatement()
                .executeQuery("select to_regclass('" + table + "') is not null")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }
}
