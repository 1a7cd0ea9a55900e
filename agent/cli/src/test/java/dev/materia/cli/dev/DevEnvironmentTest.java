package dev.materia.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.materia.cli.UserError;
import dev.materia.cli.api.MateriaApi;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DevEnvironmentTest {
  @TempDir Path home;

  // Restarts take a new port: another process may take a just-freed one (the agent test keeps one).
  @Test
  void servesHealthAndTheConsoleAndKeepsDataAcrossRestarts() throws Exception {
    try (DevEnvironment first = DevEnvironment.start(home, freePort())) {
      assertThat(get(first.uri().resolve("/health/ready"))).contains("\"status\":\"UP\"");
      assertThat(get(first.uri().resolve("/"))).contains("<div id=\"root\"></div>");
      execute(first.jdbcUrl(), "insert into organizations (slug, name) values ('kept', 'Kept')");
    }
    try (DevEnvironment second = DevEnvironment.start(home, freePort())) {
      assertThat(second.dataDirectory()).isEqualTo(home.resolve("dev/postgres"));
      try (Connection connection = DriverManager.getConnection(second.jdbcUrl());
          Statement statement = connection.createStatement();
          ResultSet rs =
              statement.executeQuery("select name from organizations where slug = 'kept'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("Kept");
      }
    }
  }

  @Test
  void createsTheLocalOrganizationWithDeploymentDevAndADevUserWhoCanSignIn() throws Exception {
    try (DevEnvironment environment = DevEnvironment.start(home, freePort(), null)) {
      DevEnvironment.DevLogin login = environment.login();
      assertThat(login.email()).isEqualTo("dev@localhost");
      assertThat(login.password()).hasSizeGreaterThanOrEqualTo(20);

      HttpResponse<String> signedIn = login(environment, login.password());
      assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
      String cookie = signedIn.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
      String me = get(environment.uri().resolve("/api/v1/me"), cookie);
      assertThat(me).contains("\"slug\":\"local\"").contains("\"role\":\"owner\"");
      String deployments = get(environment.uri().resolve("/api/v1/orgs/local/deployments"), cookie);
      assertThat(deployments).contains("\"name\":\"dev\"").contains("\"name\":\"prod\"");
    }
  }

  @Test
  @Timeout(180)
  void startsAnAgentWithTheSeedLocationSoAMaterializationSucceedsAndKeepsItsTokenAcrossRestarts()
      throws Exception {
    int port = freePort();
    try (DevEnvironment environment = DevEnvironment.start(home, port, null)) {
      MateriaApi api = signIn(environment);
      String runs = MateriaApi.path("orgs", "local", "deployments", "dev", "runs");
      String id = api.post(runs, Map.of("selection", "*sales_summary")).path("id").asText();
      assertThat(awaitFinished(api, runs + "/" + id)).isEqualTo("SUCCESS");
      JsonNode seed =
          api.get(MateriaApi.path("orgs", "local", "deployments", "dev", "code-locations", "seed"));
      assertThat(seed.path("status").asText()).isEqualTo("LOADED");
    }
    String token = Files.readString(home.resolve("dev/agent-token")).trim();
    assertThat(token).startsWith("mta_");
    assertThat(Files.getPosixFilePermissions(home.resolve("dev/agent-token")))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

    try (DevEnvironment environment = DevEnvironment.start(home, port, null)) {
      assertThat(Files.readString(home.resolve("dev/agent-token")).trim()).isEqualTo(token);
      MateriaApi api = signIn(environment);
      assertThat(api.get(MateriaApi.path("orgs", "local", "agent-tokens")))
          .extracting(t -> t.path("name").asText())
          .containsExactly("materia dev agent");
      String runs = MateriaApi.path("orgs", "local", "deployments", "dev", "runs");
      String id = api.post(runs, Map.of("selection", "raw_sales_data")).path("id").asText();
      assertThat(awaitFinished(api, runs + "/" + id)).isEqualTo("SUCCESS");
    }
  }

  @Test
  @Timeout(120)
  void replacesAnAgentTokenTheServerNoLongerAccepts() throws Exception {
    int port = freePort();
    Files.createDirectories(home.resolve("dev"));
    Files.writeString(home.resolve("dev/agent-token"), "mta_forgottenByTheServer\n");
    try (DevEnvironment environment = DevEnvironment.start(home, port, null)) {
      String token = Files.readString(home.resolve("dev/agent-token")).trim();
      assertThat(token).startsWith("mta_").isNotEqualTo("mta_forgottenByTheServer");
      MateriaApi api = signIn(environment);
      String runs = MateriaApi.path("orgs", "local", "deployments", "dev", "runs");
      String id = api.post(runs, Map.of("selection", "raw_sales_data")).path("id").asText();
      assertThat(awaitFinished(api, runs + "/" + id)).isEqualTo("SUCCESS");
    }
  }

  @Test
  void keepsTheGeneratedPasswordPrivatelyAcrossRestarts() throws Exception {
    String first;
    try (DevEnvironment environment = DevEnvironment.start(home, freePort(), null)) {
      first = environment.login().password();
    }
    try (DevEnvironment environment = DevEnvironment.start(home, freePort(), null)) {
      assertThat(environment.login().password()).isEqualTo(first);
      assertThat(login(environment, first).statusCode()).isEqualTo(200);
    }
    assertThat(Files.getPosixFilePermissions(home.resolve("dev/password")))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void takesThePasswordFromMateriaDevPasswordAndReplacesTheOldOne() throws Exception {
    String generated;
    try (DevEnvironment environment = DevEnvironment.start(home, freePort(), null)) {
      generated = environment.login().password();
    }
    try (DevEnvironment environment = DevEnvironment.start(home, freePort(), "chosen by me 123")) {
      assertThat(environment.login().passwordSource()).contains("MATERIA_DEV_PASSWORD");
      assertThat(login(environment, "chosen by me 123").statusCode()).isEqualTo(200);
      assertThat(login(environment, generated).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void refusesAPortInUseWithAOneLineFix() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> DevEnvironment.start(home, port))
          .isInstanceOf(UserError.class)
          .hasMessage(
              "port "
                  + port
                  + " is in use; stop what uses it or run `./materia dev --port "
                  + (port + 1)
                  + "`");
    }
    assertThat(home.resolve("dev")).doesNotExist();
  }

  @Test
  void refusesALockNamingALiveProcessThatIsNotItsPostgresAndSaysWhatToDo() throws Exception {
    Path data = Files.createDirectories(home.resolve("dev/postgres"));
    long livePid = ProcessHandle.current().pid();
    Files.writeString(data.resolve("postmaster.pid"), livePid + "\n" + data + "\n");

    assertThatThrownBy(() -> DevEnvironment.start(home, freePort()))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("names pid " + livePid + ", which is running but is not a PostgreSQL")
        .hasMessageContaining("delete " + data.resolve("postmaster.pid"));
    assertThat(ProcessHandle.current().isAlive()).isTrue();
  }

  @Test
  @Timeout(180)
  void stopsThePostgresAKilledMateriaDevLeftRunningAndStarts() throws Exception {
    Path data = home.resolve("dev/postgres");
    Process killed =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                DevDatabaseHolderMain.class.getName(),
                data.toString())
            .redirectErrorStream(true)
            .start();
    long orphan;
    try (var output =
        new java.io.BufferedReader(new java.io.InputStreamReader(killed.getInputStream()))) {
      String line;
      while ((line = output.readLine()) != null && !line.equals("started")) {
        // the child's log, until it says it started
      }
      assertThat(line).as("the dev database started in the child JVM").isEqualTo("started");
      orphan = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
      killed.destroyForcibly(); // SIGKILL: no shutdown hook stops its PostgreSQL
      assertThat(killed.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).contains(true);

    try (DevEnvironment environment = DevEnvironment.start(home, freePort())) {
      assertThat(get(environment.uri().resolve("/health/ready"))).contains("\"status\":\"UP\"");
      assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    } finally {
      ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroy); // when the start failed
    }
  }

  @Test
  void writesDurablyUnlikeTheTestDefaultsOfEmbeddedPostgres() throws Exception {
    try (DevEnvironment environment = DevEnvironment.start(home, freePort());
        Connection connection = DriverManager.getConnection(environment.jdbcUrl());
        Statement statement = connection.createStatement()) {
      assertThat(setting(statement, "fsync")).isEqualTo("on");
      assertThat(setting(statement, "synchronous_commit")).isEqualTo("on");
    }
  }

  private static String setting(Statement statement, String name) throws Exception {
    try (ResultSet rs = statement.executeQuery("show " + name)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  @Test
  void removesAStaleLockWhoseProcessIsGoneAndStarts() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path data = Files.createDirectories(home.resolve("dev/postgres"));
    Files.writeString(data.resolve("postmaster.pid"), gone.pid() + "\n" + data + "\n");

    try (DevEnvironment environment = DevEnvironment.start(home, freePort())) {
      assertThat(get(environment.uri().resolve("/health"))).contains("UP");
    }
  }

  private static MateriaApi signIn(DevEnvironment environment) {
    return MateriaApi.signIn(
        environment.uri(), environment.login().email(), environment.login().password());
  }

  /** Follows the run's event stream, which ends when the run has; returns its status. */
  private static String awaitFinished(MateriaApi api, String run) {
    api.stream(
        run + "/events/stream", "0", event -> !"run_finished".equals(event.path("type").asText()));
    return api.get(run).path("status").asText();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static HttpResponse<String> login(DevEnvironment environment, String password)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(environment.uri().resolve("/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .header("X-Materia-CSRF", "1")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"dev@localhost\",\"password\":\"" + password + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static String get(URI uri, String cookie) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(uri).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
    return response.body();
  }

  private static String get(URI uri) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(uri).header("Accept", "text/html, application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
    return response.body();
  }

  private static void execute(String jdbcUrl, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
