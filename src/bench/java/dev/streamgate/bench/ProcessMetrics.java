package dev.streamgate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time and resident memory of processes, read from Linux's /proc: {@code /proc/<pid>/stat}
 * fields 14 and 15 (utime, stime, in clock ticks) and {@code VmRSS} of {@code /proc/<pid>/status}.
 * A relay made of several processes (nginx: master and workers) is measured as the sum over its tree.
 */
final class ProcessMetrics {

  private static final long CLOCK_TICKS = clockTicks();

  private ProcessMetrics() {
  }

  /** Clock ticks per second ({@code getconf CLK_TCK}, 100 on Linux almost everywhere). */
  static long clockTicksPerSecond() {
    return CLOCK_TICKS;
  }

  /** The process and all its descendants, found through the parent pid of every /proc/<pid>/stat. */
  static List<Long> tree(long root) {
    List<Long> tree = new ArrayList<>(List.of(root));
    List<long[]> parents = parentsOfAll();
    for (int i = 0; i < tree.size(); i++) {
      long parent = tree.get(i);
      parents.stream().filter(pp -> pp[1] == parent).forEach(pp -> tree.add(pp[0]));
    }
    return tree;
  }

  /** User + system CPU time used so far by the given processes, in microseconds. */
  static long cpuMicros(List<Long> pids) {
    long ticks = 0;
    for (long pid : pids) {
      String[] f = statFields(pid);
      if (f != null) {
        ticks += Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
      }
    }
    return ticks * 1_000_000 / CLOCK_TICKS;
  }

  /**
   * CPU time (user + system, µs) used so far by each kind of thread of one process: its threads'
   * names ({@code /proc/<pid>/task/<tid>/comm}) with digits dropped, so event loops, JIT compiler
   * threads and the VM thread (where the serial collector runs) each sum into one entry.
   */
  static Map<String, Long> cpuMicrosByThreadKind(long pid) {
    Map<String, Long> byKind = new TreeMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks)) {
      for (Path dir : dirs) {
        String comm = read(dir.resolve("comm"));
        String stat = read(dir.resolve("stat"));
        if (comm != null && stat != null) {
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
          long ticks = Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
          byKind.merge(comm.trim().replaceAll("[0-9]+", "#"), ticks * 1_000_000 / CLOCK_TICKS, Long::sum);
        }
      }
    } catch (NoSuchFileException gone) {
      return byKind;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return byKind;
  }

  /**
   * CPU time (µs) the JIT compiler threads of {@code pids} have used so far (C1's and C2's, named
   * "C1 CompilerThre…" and "C2 CompilerThre…"); 0 for processes that are not JVMs.
   */
  static long compilerCpuMicros(List<Long> pids) {
    return pids.stream().flatMap(pid -> cpuMicrosByThreadKind(pid).entrySet().stream())
        .filter(kind -> kind.getKey().endsWith(" CompilerThre"))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** Resident memory of the given processes, in bytes. */
  static long rssBytes(List<Long> pids) {
    long kb = 0;
    for (long pid : pids) {
      String status = read(Path.of("/proc", Long.toString(pid), "status"));
      if (status != null) {
        kb += status.lines().filter(l -> l.startsWith("VmRSS:"))
            .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).sum();
      }
    }
    return kb * 1024;
  }

  /** Fields of /proc/<pid>/stat from field 3 on (after the command name, which may hold spaces); null if gone. */
  private static String[] statFields(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    return stat == null ? null : stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
  }

  /** {pid, ppid} of every process. */
  private static List<long[]> parentsOfAll() {
    List<long[]> all = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path dir : dirs) {
        long pid = Long.parseLong(dir.getFileName().toString());
        String[] f = statFields(pid);
        if (f != null) {
          all.add(new long[] {pid, Long.parseLong(f[4 - 3])});
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException gone) {
      return null;
    } catch (IOException e) {
      // a process that exits while being read
      return null;
    }
  }

  private static long clockTicks() {
    String out = Shell.output("getconf", "CLK_TCK");
    return out.isEmpty() ? 100 : Long.parseLong(out);
  }
}
