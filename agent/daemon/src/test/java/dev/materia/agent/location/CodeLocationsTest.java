package dev.materia.agent.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.agent.client.ControlPlaneClient;
import dev.materia.agent.client.WireJson;
import dev.materia.agent.testing.FakeControlPlane;
import dev.materia.agent.testing.LocationJars;
import dev.materia.api.agent.CodeLocationState;
import dev.materia.api.agent.LoadCodeLocation;
import dev.materia.api.snapshot.AssetSnapshot;
import dev.materia.examples.SeedLocation;
import dev.materia.sdk.CodeLocation;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeLocationsTest {
  private static final String AGENT_TOKEN = "mta_agentTokenForTests0123456789";

  @TempDir Path dir;
  private FakeControlPlane controlPlane;
  private CodeLocations locations;

  @BeforeEach
  void start() throws Exception {
    controlPlane = FakeControlPlane.http(AGENT_TOKEN);
    locations = newLocations();
  }

  @AfterEach
  void stop() {
    locations.close();
    controlPlane.close();
  }

  private CodeLocations newLocations() throws Exception {
    return new CodeLocations(
        dir.resolve("locations"),
        ControlPlaneClient.builder(controlPlane.url(), AGENT_TOKEN).build(),
        CodeLocationsTest.class.getClassLoader(),
        WireJson.mapper());
  }

  @Test
  void loadsTheSeedLocationInIsolationAndUploadsItsSnapshot() throws Exception {
    var status =
        locations.load(
            new LoadCodeLocation("w-1", "prod", "seed", "v1", LocationJars.seed().toString()));

    assertThat(status.state()).isEqualTo(CodeLocationState.LOADED);
    var uploaded = controlPlane.snapshot("prod", "seed");
    assertThat(uploaded.assets()).extracting(AssetSnapshot::key).contains("sales_summary");
    assertThat(uploaded.contentHash()).isEqualTo(status.snapshotHash());
    LoadedCodeLocation seed = locations.acquire("prod", "seed");
    try {
      ClassLoader loader = seed.classLoader();
      // The location has its own copy of its classes, shares the SDK, and cannot see the agent's.
      assertThat(loader.loadClass(SeedLocation.class.getName())).isNotSameAs(SeedLocation.class);
      assertThat(loader.loadClass(CodeLocation.class.getName())).isSameAs(CodeLocation.class);
      assertThatThrownBy(() -> loader.loadClass("okhttp3.OkHttpClient"))
          .isInstanceOf(ClassNotFoundException.class);
      assertThat(seed.classpath().getFirst()).startsWith(dir.resolve("locations"));
    } finally {
      seed.release();
    }
  }

  @Test
  void reportsLoadErrorWithTheRuntimeMessageInsteadOfThrowing() throws Exception {
    Path jar = LocationJars.cyclic(dir, "cyclic");

    var status = locations.load(new LoadCodeLocation("w-1", "prod", "acme", "v1", jar.toString()));

    assertThat(status.state()).isEqualTo(CodeLocationState.FAILED);
    assertThat(status.error().className())
        .isEqualTo("dev.materia.runtime.graph.DefinitionsException");
    assertThat(status.error().message()).contains("Cycle between assets", "acme.Cyclic$Assets");
    assertThat(locations.statuses()).containsExactly(status);
    assertThatThrownBy(() -> locations.acquire("prod", "acme"))
        .hasMessageContaining("code location acme in deployment prod failed to load")
        .hasMessageContaining("Cycle between assets");
    assertThat(controlPlane.snapshot("prod", "acme")).isNull();
  }

  @Test
  void reportsMissingArtifact() {
    var status =
        locations.load(new LoadCodeLocation("w-1", "prod", "ghost", "v1", "/no/such/ghost.jar"));

    assertThat(status.state()).isEqualTo(CodeLocationState.FAILED);
    assertThat(status.error().message())
        .contains("artifact /no/such/ghost.jar of code location ghost does not exist");
  }

  @Test
  void reloadsOnNewVersionAndKeepsServingTheOldOneWhenTheNewFails() throws Exception {
    Path hello = LocationJars.greeting(dir, "hello", "hello");
    Path broken = LocationJars.cyclic(dir, "broken");
    Path bonjour = LocationJars.greeting(dir, "bonjour", "bonjour");

    locations.load(new LoadCodeLocation("w-1", "prod", "greet", "v1", hello.toString()));
    LoadedCodeLocation v1 = locations.acquire("prod", "greet");
    var failed =
        locations.load(new LoadCodeLocation("w-2", "prod", "greet", "v2", broken.toString()));
    LoadedCodeLocation stillV1 = locations.acquire("prod", "greet");
    locations.load(new LoadCodeLocation("w-3", "prod", "greet", "v3", bonjour.toString()));
    LoadedCodeLocation v3 = locations.acquire("prod", "greet");

    assertThat(failed.state()).isEqualTo(CodeLocationState.FAILED);
    assertThat(stillV1).isSameAs(v1);
    assertThat(v3.version()).isEqualTo("v3");
    assertThat(controlPlane.snapshot("prod", "greet").assets().getFirst().codeVersion())
        .isEqualTo("bonjour");
    // v1 is still usable by the runs holding it until they release it.
    assertThat(v1.classLoader().loadClass("acme.Greeting")).isNotNull();
    v1.release();
    stillV1.release();
    v3.release();
  }

  @Test
  void restoresLocationsAfterARestartFromItsOwnCopy() throws Exception {
    Path hello = LocationJars.greeting(dir, "hello", "hello");
    locations.load(new LoadCodeLocation("w-1", "prod", "greet", "v1", hello.toString()));
    java.nio.file.Files.delete(hello);
    locations.close();

    locations = newLocations();
    locations.restore();

    assertThat(locations.statuses())
        .singleElement()
        .satisfies(s -> assertThat(s.state()).isEqualTo(CodeLocationState.LOADED));
  }
}
