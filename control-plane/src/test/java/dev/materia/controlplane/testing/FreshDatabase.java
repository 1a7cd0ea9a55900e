package dev.materia.controlplane.testing;

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
  private TestDatabase database;

  @Override
  public void beforeAll(ExtensionContext context) {
    database =
        PostgresServer.shared().createDatabase(context.getRequiredTestClass().getSimpleName());
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
