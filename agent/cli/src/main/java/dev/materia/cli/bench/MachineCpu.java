package dev.materia.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The whole machine's CPU ticks from {@code /proc/stat}, to say how busy it was during a pass. */
final class MachineCpu {
  private MachineCpu() {}

  /** Ticks spent on anything but idle and I/O wait, over all cores. */
  static long busyTicks() {
    long[] t = ticks();
    return total(t) - t[3] - t[4];
  }

  static long totalTicks() {
    return total(ticks());
  }

  private static long total(long[] ticks) {
    long sum = 0;
    for (int i = 0; i < Math.min(8, ticks.length); i++) {
      sum += ticks[i]; // user nice system idle iowait irq softirq steal; guest is inside user
    }
    return sum;
  }

  private static long[] ticks() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] parts = cpu.trim().split("\\s+");
      long[] ticks = new long[parts.length - 1];
      for (int i = 1; i < parts.length; i++) {
        ticks[i - 1] = Long.parseLong(parts[i]);
      }
      return ticks;
    } catch (IOException e) {
      throw new UncheckedIOException("/proc/stat is unreadable: " + e.getMessage(), e);
    }
  }
}
