package dev.materia.runtime.execution;

/**
 * How a step ended. {@code SKIPPED} means it never started: an upstream step failed or was skipped,
 * or the run was canceled first.
 */
public enum StepStatus {
  SUCCEEDED,
  FAILED,
  SKIPPED
}
