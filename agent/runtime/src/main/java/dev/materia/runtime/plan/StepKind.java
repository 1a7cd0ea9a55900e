package dev.materia.runtime.plan;

/** What a step does: materialize an asset, or evaluate a check on one. */
public enum StepKind {
  ASSET,
  CHECK
}
