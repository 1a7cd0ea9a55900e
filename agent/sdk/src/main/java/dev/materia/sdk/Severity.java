package dev.materia.sdk;

/**
 * How bad a failed {@link CheckResult} is: {@code WARN} informs, {@code ERROR} alerts.
 *
 * <pre>{@code
 * return CheckResult.fail("3 late rows").withSeverity(Severity.WARN);
 * }</pre>
 */
public enum Severity {
  WARN,
  ERROR
}
