package dev.materia.cli.bench;

/** A JVM that starts and exits: the baseline for starting a run's worker JVM. */
public final class BareJvm {
  private BareJvm() {}

  public static void main(String[] args) {
    // nothing: its start and exit are the measurement
  }
}
