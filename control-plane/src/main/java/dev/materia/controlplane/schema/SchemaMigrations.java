package dev.materia.controlplane.schema;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date when the data source is created, before anything uses it: Flyway
 * migrates (and validates) as the migration user ({@code flyway.datasources.default.url}, {@code
 * user}, {@code password}; without a URL, over the application's data source). A restart on a
 * schema that is already {@link SchemaHistory#current() current} skips Flyway, which would only
 * load itself to find nothing to do. {@code flyway.datasources.default.enabled: false} leaves the
 * schema alone.
 */
@Singleton
public final class SchemaMigrations implements BeanCreatedEventListener<DataSource> {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

  private final boolean enabled;
  private final String url;
  private final String user;
  private final String password;
  private final Optional<Map<String, Integer>> scripts;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean flywayRan;

  SchemaMigrations(
      @Value("${flyway.datasources.default.enabled:true}") boolean enabled,
      @Value("${flyway.datasources.default.url:}") String url,
      @Value("${flyway.datasources.default.user:}") String user,
      @Value("${flyway.datasources.default.password:}") String password) {
    this.enabled = enabled;
    this.url = url;
    this.user = user;
    this.password = password;
    this.scripts = MigrationScripts.onClasspath(SchemaMigrations.class.getClassLoader());
  }

  @Override
  public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
    if (enabled && started.compareAndSet(false, true)) {
      migrate(DelegatingDataSource.unwrapDataSource(event.getBean()));
    }
    return event.getBean();
  }

  /**
   * Migrations on the classpath not yet applied to the database behind {@code connection}; all of
   * them when they cannot be listed without Flyway (never the case for the control plane's jar).
   */
  public Set<String> pending(Connection connection) throws SQLException {
    if (scripts.isEmpty()) {
      return Set.of("(unlisted)");
    }
    return SchemaHistory.read(connection, scripts.get()).pending();
  }

  /** Whether this start ran Flyway, i.e. the schema was not current when it started. */
  public boolean flywayRan() {
    return flywayRan;
  }

  private void migrate(DataSource application) {
    if (scripts.isPresent()) {
      try (Connection connection = connect(application)) {
        if (SchemaHistory.read(connection, scripts.get()).current()) {
          LOG.debug(
              "the schema is current ({} migrations): Flyway not needed", scripts.get().size());
          return;
        }
      } catch (SQLException e) {
        LOG.debug("could not read flyway_schema_history; Flyway decides", e);
      }
    }
    flywayRan = true;
    var flyway = Flyway.configure(SchemaMigrations.class.getClassLoader());
    if (url.isBlank()) {
      flyway.dataSource(application);
    } else {
      flyway.dataSource(url, user, password);
    }
    flyway.locations("classpath:" + MigrationScripts.LOCATION).load().migrate();
  }

  private Connection connect(DataSource application) throws SQLException {
    return url.isBlank()
        ? application.getConnection()
        : DriverManager.getConnection(url, user, password);
  }
}
