package dev.materia.controlplane.bench;

import java.io.IOException;
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

  /** Groups of the JVM's threads, by the start of their names. */
  private static final List<String[]> GROUPS =
      List.of(
          new String[] {"clients", "HttpClient-", "pool-"},
          new String[] {"netty", "default-eventLo"},
          new String[] {"carriers", "ForkJoinPool"},
          new String[] {"JIT", "C1 Compiler", "C2 Compiler"},
          new String[] {"GC", "GC Thread", "G1 ", "VM Thread"});

  /**
   * CPU seconds used so far: the JVM and its threads by group (the JVM's own threads carry the
   * virtual threads that run requests, "other" holds the rest and threads that ended), PostgreSQL
   * (postmaster, live and reaped children), and the machine (all processes).
   */
  record Sample(double jvm, double[] groups, double postgres, double machine, long nanos) {
    /** The compiler threads' share of the JVM's CPU since {@code start}. */
    double jitShare(Sample start) {
      int jit = 3;
      return (groups[jit] - start.groups[jit]) / Math.max(1e-9, jvm - start.jvm);
    }

    String since(Sample start) {
      double wall = (nanos - start.nanos) / 1e9;
      StringBuilder parts = new StringBuilder();
      double grouped = 0;
      for (int i = 0; i < GROUPS.size(); i++) {
        double d = groups[i] - start.groups[i];
        grouped += d;
        parts.append(GROUPS.get(i)[0]).append(' ').append("%.2f".formatted(d)).append(", ");
      }
      return ("wall %.2f s; CPU s: JVM %.2f (%sother %.2f), PostgreSQL %.2f, machine %.2f"
              + " (of %.2f available)")
          .formatted(
              wall,
              jvm - start.jvm,
              parts,
              (jvm - start.jvm) - grouped,
              postgres - start.postgres,
              machine - start.machine,
              wall * Runtime.getRuntime().availableProcessors());
    }
  }

  Sample sample() {
    long[] self = stat(ProcessHandle.current().pid());
    double[] groups = new double[GROUPS.size()];
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICK;
          for (int i = 0; i < GROUPS.size(); i++) {
            String[] group = GROUPS.get(i);
            for (int j = 1; j < group.length; j++) {
              if (name.startsWith(group[j])) {
                groups[i] += cpu;
              }
            }
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      java.util.Arrays.fill(groups, Double.NaN);
    }
    double jvm = self == null ? Double.NaN : (self[0] + self[1]) / TICK;
    return new Sample(jvm, groups, postgres(), machine(), System.nanoTime());
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
