package dev.materia.agent.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.agent.client.ControlPlaneClient;
import dev.materia.agent.client.WireJson;
import dev.materia.agent.testing.ControlPlaneFixture;
import dev.materia.agent.testing.LocationJars;
import dev.materia.api.agent.AgentProtocol;
import dev.materia.api.agent.CodeLocationState;
import dev.materia.api.agent.LoadCodeLocation;
import dev.materia.examples.SeedLocation;
import dev.materia.sdk.CodeLocation;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Loading code locations and uploading their snapshots to the real control plane. */
class CodeLocationsTest {
  @RegisterExtension static final ControlPlaneFixture controlPlane = new ControlPlaneFixture();

  @TempDir Path dir;
  private CodeLocations locations;

  @BeforeEach
  void start() throws Exception {
    locations = newLocations();
  }

  @AfterEach
  void stop() {
    locations.close();
  }

  private CodeLocations newLocations() throws Exception {
    ControlPlaneClient client = controlPlane.client();
    return new CodeLocations(
        dir.resolve("locations"),
        client,
        CodeLocationsTest.class.getClassLoader(),
        WireJson.mapper());
  }

  /** What CI registers before the control plane asks an agent to load it. */
  private static LoadCodeLocation registered(String name, String version, Path artifact) {
    controlPlane.registerLocation(name, artifact, version);
    return new LoadCodeLocation("w-" + name + version, "prod", name, version, artifact.toString());
  }

  @Test
  void loadsTheSeedLocationInIsolationAndUploadsItsSnapshot() throws Exception {
    var status = locations.load(registered("seed", "v1", LocationJars.seed()));

    assertThat(status.state()).isEqualTo(CodeLocationState.LOADED);
    var uploaded = controlPlane.location("seed").get("snapshot");
    assertThat(uploaded.get("contentHash").asText()).isEqualTo(status.snapshotHash());
    assertThat(controlPlane.asset("sales_summary").get("asset").get("codeLocation").asText())
        .isEqualTo("seed");
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

    var status = locations.load(registered("acme", "v1", jar));

    assertThat(status.state()).isEqualTo(CodeLocationState.FAILED);
    assertThat(status.error().className())
        .isEqualTo("dev.materia.runtime.graph.DefinitionsException");
    assertThat(status.error().message()).contains("Cycle between assets", "acme.Cyclic$Assets");
    assertThat(locations.statuses()).containsExactly(status);
    assertThatThrownBy(() -> locations.acquire("prod", "acme"))
        .hasMessageContaining("code location acme in deployment prod failed to load")
        .hasMessageContaining("Cycle between assets");
    assertThat(controlPlane.location("acme").get("snapshot").isNull()).isTrue();
  }

  @Test
  void reportsMissingArtifact() {
    var status = locations.load(registered("ghost", "v1", Path.of("/no/such/ghost.jar")));

    assertThat(status.state()).isEqualTo(CodeLocationState.FAILED);
    assertThat(status.error().message())
        .contains("artifact /no/such/ghost.jar of code location ghost does not exist");
  }

  @Test
  void reloadsOnNewVersionAndKeepsServingTheOldOneWhenTheNewFails() throws Exception {
    Path hello = LocationJars.greeting(dir, "hello", "hello");
    Path broken = LocationJars.cyclic(dir, "broken");
    Path bonjour = LocationJars.greeting(dir, "bonjour", "bonjour");

    locations.load(registered("greet", "v1", hello));
    LoadedCodeLocation v1 = locations.acquire("prod", "greet");
    var failed = locations.load(registered("greet", "v2", broken));
    LoadedCodeLocation stillV1 = locations.acquire("prod", "greet");
    locations.load(registered("greet", "v3", bonjour));
    LoadedCodeLocation v3 = locations.acquire("prod", "greet");

    assertThat(failed.state()).isEqualTo(CodeLocationState.FAILED);
    assertThat(stillV1).isSameAs(v1);
    assertThat(v3.version()).isEqualTo("v3");
    assertThat(controlPlane.asset("greeting").get("asset").get("codeVersion").asText())
        .isEqualTo("bonjour");
    // v1 is still usable by the runs holding it until they release it.
    assertThat(v1.classLoader().loadClass("acme.Greeting")).isNotNull();
    v1.release();
    stillV1.release();
    v3.release();
  }

  @Test
  void aSnapshotTheControlPlaneRefusesFailsTheNewVersionAndThePreviousOneKeepsServing()
      throws Exception {
    locations.load(registered("owner", "v1", keys(dir, "owner-v1", "shared_key")));
    locations.load(registered("taker", "v1", keys(dir, "taker-v1", "taker_own")));
    LoadedCodeLocation v1 = locations.acquire("prod", "taker");

    var refused =
        locations.load(registered("taker", "v2", keys(dir, "taker-v2", "taker_own", "shared_key")));
    LoadedCodeLocation serving = locations.acquire("prod", "taker");

    assertThat(refused.state()).isEqualTo(CodeLocationState.FAILED);
    assertThat(refused.version()).isEqualTo("v2");
    assertThat(refused.error().className()).isEqualTo(AgentProtocol.SNAPSHOT_REFUSED);
    // The control plane's own message, without the HTTP request around it.
    assertThat(refused.error().message())
        .startsWith("asset shared_key of code location taker is already defined by code location")
        .contains("owner");
    assertThat(locations.statuses()).contains(refused);
    assertThat(serving).isSameAs(v1);
    assertThat(serving.version()).isEqualTo("v1");
    var document = controlPlane.location("taker");
    assertThat(document.get("status").asText()).isEqualTo("FAILED");
    assertThat(document.get("servingVersion").asText()).isEqualTo("v1");
    assertThat(document.get("failedVersion").asText()).isEqualTo("v2");
    assertThat(document.get("loadError").get("message").asText())
        .isEqualTo(refused.error().message());
    v1.release();
    serving.release();
  }

  @Test
  void aLoadErrorSaysFailedToLoadOnce() throws Exception {
    Path jar = LocationJars.cyclic(dir, "twice");

    var status = locations.load(registered("twice", "v1", jar));

    assertThat(status.error().message()).doesNotContain("failed to load");
    assertThatThrownBy(() -> locations.acquire("prod", "twice"))
        .satisfies(
            e ->
                assertThat(e.getMessage().split("failed to load", -1))
                    .as(e.getMessage())
                    .hasSize(2));
  }

  /** A location whose assets are {@code keys}, each a constant. */
  private static Path keys(Path dir, String jarName, String... keys) throws Exception {
    StringBuilder assets = new StringBuilder();
    for (String key : keys) {
      assets.append("@Asset public static int %s() { return 1; }%n".formatted(key));
    }
    return LocationJars.compile(
        dir,
        jarName,
        java.util.Map.of(
            "acme.Keys",
            """
            package acme;
            import dev.materia.sdk.*;
            public final class Keys implements CodeLocation {
              public static final class Assets {
                %s
              }
              @Override public Definitions definitions() {
                return Definitions.builder().assets(Assets.class).build();
              }
            }
            """
                .formatted(assets)),
        "acme.Keys");
  }

  @Test
  void restoresLocationsAfterARestartFromItsOwnCopy() throws Exception {
    Path jar = LocationJars.gated(dir, "restored", 1, dir.resolve("gate"));
    locations.load(registered("restored", "v1", jar));
    java.nio.file.Files.delete(jar);
    locations.close();

    locations = newLocations();
    locations.restore();

    assertThat(locations.statuses())
        .singleElement()
        .satisfies(s -> assertThat(s.state()).isEqualTo(CodeLocationState.LOADED));
  }
}
