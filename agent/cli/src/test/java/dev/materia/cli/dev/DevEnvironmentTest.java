package dev.materia.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.cli.UserError;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevEnvironmentTest {
  @TempDir Path home;

  @Test
  void servesHealthAndTheConsoleAndKeepsDataAcrossRestarts() throws Exception {
    int port = freePort();
    try (DevEnvironment first = DevEnvironment.start(home, port)) {
      assertThat(get(first.uri().resolve("/health/ready"))).contains("\"status\":\"UP\"");
      assertThat(get(first.uri().resolve("/"))).contains("<div id=\"root\"></div>");
      execute(first.jdbcUrl(), "insert into organizations (slug, name) values ('kept', 'Kept')");
    }
    try (DevEnvironment second = DevEnvironment.start(home, port)) {
      assertThat(second.dataDirectory()).isEqualTo(home.resolve("dev/postgres"));
      try (Connection connection = DriverManager.getConnection(second.jdbcUrl());
          Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("select name from organizations")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("Kept");
      }
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
  void refusesWhileAnEarlierPostgresStillHoldsTheDataAndSaysHowToStopIt() throws Exception {
    Path data = Files.createDirectories(home.resolve("dev/postgres"));
    long livePid = ProcessHandle.current().pid();
    Files.writeString(data.resolve("postmaster.pid"), livePid + "\n" + data + "\n");

    assertThatThrownBy(() -> DevEnvironment.start(home, freePort()))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("an earlier PostgreSQL (pid " + livePid + ") still holds")
        .hasMessageContaining("`kill " + livePid + "`");
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

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
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
