package dev.materia.cli.dev;

import java.nio.file.Path;

/**
 * A JVM that starts the dev database in {@code args[0]}, says {@code started}, and waits to be
 * killed: what {@code materia dev} is when its user {@code kill -9}s it.
 */
public final class DevDatabaseHolderMain {
  private DevDatabaseHolderMain() {}

  public static void main(String[] args) throws Exception {
    DevDatabase.start(Path.of(args[0]));
    System.out.println("started");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
