package dev.materia.runtime.load;

/** Where one parameter of an asset or check method gets its value, decided at load time. */
sealed interface Argument {
  /** The {@code AssetContext}. */
  record Context() implements Argument {}

  /** An upstream asset's value: the dependency at this position of the node's list. */
  record Input(String upstreamKey, int dependency) implements Argument {}

  /** A registered resource. */
  record Resource(String name) implements Argument {}
}
