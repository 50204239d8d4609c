package dev.pdm.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** What a process, or the embedded PostgreSQL under a directory, holds in memory, read from Linux's {@code /proc}. */
final class ResidentMemory {
  private ResidentMemory() {
  }

  /** The peak resident set ({@code VmHWM}) of {@code pid} since it started or since {@link #resetPeak}, in bytes. */
  static long peak(long pid) {
    return statusKb(pid, "VmHWM:") * 1024;
  }

  /** Starts {@code VmHWM} again from the current resident set (writing 5 to {@code clear_refs}, Linux 4.0+). */
  static void resetPeak(long pid) {
    try {
      Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
    } catch (IOException e) {
      // An older kernel: the peak is then the process's since it started, which the report's reader must know.
      System.out.println("cannot reset the peak RSS of " + pid + ": " + e.getMessage());
    }
  }

  /**
   * The proportional set size (shared pages divided among the processes sharing them) of the PostgreSQL whose command
   * line names a path under {@code dir} and of its backends, in bytes: what that PostgreSQL holds, shared buffers
   * counted once. 0 when none runs.
   */
  static long postgresPss(Path dir) {
    return postmaster(dir).map(pid -> {
      long pss = pssKb(pid);
      for (long child : children(pid)) {
        pss += pssKb(child);
      }
      return pss * 1024;
    }).orElse(0L);
  }

  /** The PostgreSQL server (the postmaster) whose command line names a path under {@code dir}. */
  static Optional<Long> postmaster(Path dir) {
    String under = dir.toAbsolutePath().toString();
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      return processes.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
        String command = read(p.resolve("cmdline")).replace('\0', ' ');
        return command.contains(under) && command.split(" ")[0].endsWith("postgres");
      }).map(p -> Long.parseLong(p.getFileName().toString())).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static List<Long> children(long parent) {
    List<Long> children = new ArrayList<>();
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      processes.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
        String stat = read(p.resolve("stat"));
        // The command in parentheses may hold spaces: the fields after its closing one are state, then ppid.
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        if (after.length > 1 && after[1].equals(Long.toString(parent))) {
          children.add(Long.parseLong(p.getFileName().toString()));
        }
      });
    } catch (IOException | StringIndexOutOfBoundsException e) {
      return children;
    }
    return children;
  }

  private static long pssKb(long pid) {
    return Path.of("/proc", Long.toString(pid), "smaps_rollup").toFile().canRead()
        ? fieldKb(read(Path.of("/proc", Long.toString(pid), "smaps_rollup")), "Pss:") : 0;
  }

  private static long statusKb(long pid, String field) {
    return fieldKb(read(Path.of("/proc", Long.toString(pid), "status")), field);
  }

  private static long fieldKb(String text, String field) {
    return text.lines().filter(l -> l.startsWith(field)).findFirst()
        .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
  }

  /** A /proc file's text; empty when the process has gone meanwhile. */
  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
