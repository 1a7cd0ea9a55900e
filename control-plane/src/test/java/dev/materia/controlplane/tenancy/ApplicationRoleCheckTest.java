package dev.materia.controlplane.tenancy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.controlplane.ControlPlane;
import dev.materia.controlplane.testing.FreshDatabase;
import dev.materia.controlplane.testing.TestDatabase;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApplicationRoleCheckTest {
  @RegisterExtension static final FreshDatabase fresh = new FreshDatabase();

  @Test
  void refusesToStartWhenTheApplicationConnectsAsARoleThatSlipsPastRowLevelSecurity() {
    TestDatabase database = fresh.database();
    Map<String, Object> properties = new HashMap<>(database.datasourceProperties());
    properties.put("micronaut.server.port", -1);
    // Connect the application as the administrator: superuser and owner of every table.
    properties.put("datasources.default.url", database.jdbcUrl());
    properties.put("datasources.default.username", database.user());
    properties.put("datasources.default.password", database.password());

    assertThatThrownBy(() -> ControlPlane.start(properties).getApplicationContext().close())
        .hasStackTraceContaining("row-level security would not bind it")
        .hasStackTraceContaining("materia_app");
  }
}
