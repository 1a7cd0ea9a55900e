package dev.materia.controlplane.api;

import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * Stream constraints for every JSON body this server parses, so deep or huge JSON fails fast with a
 * 400 instead of using stack and memory. Micronaut Serde builds its parser factory from Jackson's
 * process-wide defaults and offers no setting for them, so {@link #apply()} sets those defaults
 * before the application context starts.
 */
public final class JsonLimits {
  /** Deeper than any document the API accepts; event metadata is the deepest at a few levels. */
  public static final int MAX_NESTING_DEPTH = 64;

  public static final int MAX_STRING_LENGTH = 5 * 1024 * 1024;
  public static final int MAX_NUMBER_LENGTH = 100;
  public static final int MAX_NAME_LENGTH = 1_000;

  private JsonLimits() {}

  public static void apply() {
    StreamReadConstraints.overrideDefaultStreamReadConstraints(
        StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxNameLength(MAX_NAME_LENGTH)
            .build());
  }
}
