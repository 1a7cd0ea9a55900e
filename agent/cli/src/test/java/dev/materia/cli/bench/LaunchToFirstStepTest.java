package dev.materia.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.agent.AgentConfig;
import dev.materia.agent.testing.LocationJars;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launch_to_first_step benchmark's measurement works (its numbers are for the report, never
 * asserted here).
 */
class LaunchToFirstStepTest {
  @TempDir Path dir;

  @Test
  void measuresEachInProcessLaunchToItsFirstStartedStep() throws Exception {
    var samples =
        LaunchToFirstStep.measure(
            AgentConfig.Launcher.IN_PROCESS, LocationJars.seed(), "raw_sales_data", 1, 3, dir);

    assertThat(samples.values()).hasSize(3).allMatch(d -> d.compareTo(Duration.ZERO) > 0);
    assertThat(samples.p50()).isBetween(samples.min(), samples.max());
  }

  @Test
  void measuresASubprocessLaunchFromItsWorkersSpool() throws Exception {
    var samples =
        LaunchToFirstStep.measure(
            AgentConfig.Launcher.SUBPROCESS, LocationJars.seed(), "raw_sales_data", 0, 1, dir);

    assertThat(samples.values()).singleElement().matches(d -> d.compareTo(Duration.ZERO) > 0);
    assertThat(samples.what()).contains("subprocess");
  }
}
