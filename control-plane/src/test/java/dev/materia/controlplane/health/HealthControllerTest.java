package dev.materia.controlplane.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.testing.RunningControlPlane;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HealthControllerTest {

  @Nested
  class WithMigrationsApplied {
    @RegisterExtension static final RunningControlPlane controlPlane = new RunningControlPlane();

    @Test
    void livenessAnswersUp() {
      HttpResponse<String> response = controlPlane.get("/health");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void readinessIsUpWhenTheDatabaseAnswersAndNothingIsPending() {
      HttpResponse<String> response = controlPlane.get("/health/ready");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body())
          .contains("\"status\":\"UP\"")
          .contains("\"database\":\"UP\"")
          .contains("\"migrations\":\"UP\"");
    }
  }

  @Nested
  class WithMigrationsSwitchedOff {
    @RegisterExtension
    static final RunningControlPlane controlPlane =
        new RunningControlPlane(Map.of("flyway.datasources.default.enabled", false));

    @Test
    void readinessIsDownAndNamesThePendingMigrations() {
      HttpResponse<String> response = controlPlane.get("/health/ready");
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body())
          .contains("\"status\":\"DOWN\"")
          .contains("\"database\":\"UP\"")
          .containsPattern("\"migrations\":\"\\d+ migration\\(s\\) pending\"");
    }

    @Test
    void livenessStaysUpSoProbesDoNotRestartAnUnreadyProcess() {
      assertThat(controlPlane.get("/health").statusCode()).isEqualTo(200);
    }
  }
}
