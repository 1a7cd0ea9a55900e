package dev.materia.sdk;

import java.util.Map;
import java.util.Objects;

/**
 * The outcome of an {@link AssetCheck}: passed or not, how severe a failure is, why, and metadata.
 *
 * <p>Instances are immutable; the {@code with…} methods return copies.
 *
 * <pre>{@code
 * return CheckResult.pass();
 * return CheckResult.fail("2 rows without a customer").withSeverity(Severity.WARN);
 * return CheckResult.of(nulls == 0).withMetadata("null_count", nulls);
 * }</pre>
 *
 * @param passed whether the data met the check
 * @param severity how bad a failure is; {@link Severity#ERROR} unless changed
 * @param description why it failed, or a note; empty when none
 * @param metadata values shown with the result (numbers, text, booleans, lists and maps)
 */
public record CheckResult(
    boolean passed, Severity severity, String description, Map<String, Object> metadata) {
  public CheckResult {
    Objects.requireNonNull(severity, "severity == null");
    description = description == null ? "" : description;
    metadata = Metadata.copy(metadata);
  }

  /** A passing result. */
  public static CheckResult pass() {
    return new CheckResult(true, Severity.ERROR, "", Map.of());
  }

  /** A failing result with the reason shown to users. */
  public static CheckResult fail(String reason) {
    return new CheckResult(false, Severity.ERROR, reason, Map.of());
  }

  /** Passing when {@code passed} is true, failing otherwise. */
  public static CheckResult of(boolean passed) {
    return new CheckResult(passed, Severity.ERROR, "", Map.of());
  }

  /** A copy with another severity. */
  public CheckResult withSeverity(Severity severity) {
    return new CheckResult(passed, severity, description, metadata);
  }

  /** A copy with a description (the reason for a failure). */
  public CheckResult withDescription(String description) {
    return new CheckResult(passed, severity, description, metadata);
  }

  /** A copy with one more metadata entry; a repeated key replaces the earlier value. */
  public CheckResult withMetadata(String key, Object value) {
    return new CheckResult(passed, severity, description, Metadata.with(metadata, key, value));
  }
}
