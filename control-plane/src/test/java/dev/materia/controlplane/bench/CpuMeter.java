package dev.materia.controlplane.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * CPU seconds spent by this JVM, by the PostgreSQL server (postmaster, its live children and the
 * children it reaped) and by the whole machine, read from {@code /proc} (Linux only), so a
 * benchmark can say where a phase's time went.
 */
final class CpuMeter {
  private static final double TICK = 100.0; // USER_HZ on Linux

  private final long postmaster;

  private CpuMeter(long postmaster) {
    this.postmaster = postmaster;
  }

  /** A meter for the server {@code owner} (a superuser connection) talks to. */
  static CpuMeter of(Connection owner) throws SQLException, IOException {
    try (ResultSet rs =
        owner.createStatement().executeQuery("select current_setting('data_directory')")) {
      rs.next();
      List<String> lines = Files.readAllLines(Path.of(rs.getString(1), "postmaster.pid"));
      return new CpuMeter(Long.parseLong(lines.getFirst().trim()));
    }
  }

  /** CPU seconds used so far: JVM, PostgreSQL, machine (all processes). */
  record Sample(double jvm, double postgres, double machine, long nanos) {
    String since(Sample start) {
      double wall = (nanos - start.nanos) / 1e9;
      return "wall %.2f s; CPU s: JVM %.2f, PostgreSQL %.2f, machine %.2f (of %.2f available)"
          .formatted(
              wall,
              jvm - start.jvm,
              postgres - start.postgres,
              machine - start.machine,
              wall * Runtime.getRuntime().availableProcessors());
    }
  }

  Sample sample() {
    double jvm =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime()
            / 1e9;
    return new Sample(jvm, postgres(), machine(), System.nanoTime());
  }

  private double postgres() {
    double ticks = 0;
    long[] own = stat(postmaster);
    if (own != null) {
      ticks += own[0] + own[1] + own[2] + own[3];
    }
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long[] s = stat(Long.parseLong(name));
        if (s != null && s[4] == postmaster) {
          ticks += s[0] + s[1];
        }
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return ticks / TICK;
  }

  /** utime, stime, cutime, cstime, ppid of a process; null when it is gone. */
  private static long[] stat(long pid) {
    try {
      String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      // after the name: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
      return new long[] {
        Long.parseLong(f[11]),
        Long.parseLong(f[12]),
        Long.parseLong(f[13]),
        Long.parseLong(f[14]),
        Long.parseLong(f[1])
      };
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static double machine() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst();
      String[] f = cpu.trim().split("\\s+");
      // user nice system idle iowait irq softirq steal
      long busy = 0;
      for (int i = 1; i <= 8; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(f[i]);
        }
      }
      return busy / TICK;
    } catch (IOException e) {
      return Double.NaN;
    }
  }
}
