package dev.materia.cli.bench.location;

import dev.materia.sdk.CodeLocation;
import dev.materia.sdk.Definitions;

/**
 * The code location {@code bench} that {@code materia bench} gives its agents: {@link BenchAssets}.
 */
public final class BenchLocation implements CodeLocation {
  @Override
  public Definitions definitions() {
    return Definitions.builder().assets(BenchAssets.class).build();
  }
}
