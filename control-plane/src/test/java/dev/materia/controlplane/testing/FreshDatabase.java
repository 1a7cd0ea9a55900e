package dev.materia.controlplane.testing;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension that gives a test class its own empty database, dropped afterwards.
 *
 * <pre>{@code
 * @RegisterExtension static final FreshDatabase db = new FreshDatabase();
 * }</pre>
 */
public final class FreshDatabase implements BeforeAllCallback, AfterAllCallback {
  private final Supplier<PostgresServer> server;
  private TestDatabase database;

  /** A database on the shared server. */
  public FreshDatabase() {
    this(PostgresServer::shared);
  }

  /** A database on {@code server}, for example a {@link PostgresServer#dedicated} one. */
  public FreshDatabase(Supplier<PostgresServer> server) {
    this.server = server;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    database = server.get().createDatabase(context.getRequiredTestClass().getSimpleName());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (database != null) {
      database.close();
      database = null;
    }
  }

  public TestDatabase database() {
    if (database == null) {
      throw new IllegalStateException("FreshDatabase is used before beforeAll; register it static");
    }
    return database;
  }
}
