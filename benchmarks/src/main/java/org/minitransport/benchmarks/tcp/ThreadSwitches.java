package org.minitransport.benchmarks.tcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How often some of this JVM's threads have given up the CPU to wait (their voluntary context
 * switches), read from Linux's {@code /proc/self/task/<tid>/status}: each one is a wait that
 * ended in a wake-up. The request/response rows divide the count for the event loop threads by
 * the round trips, which shows how often the loops had to be woken.
 */
final class ThreadSwitches {

  private static final Path TASKS = Path.of("/proc/self/task");

  private ThreadSwitches() {}

  /**
   * The sum of {@code voluntary_ctxt_switches} over the live threads whose name starts with
   * {@code namePrefix} (as Linux keeps it: its first 15 characters), or empty where there is no
   * {@code /proc} (not Linux).
   */
  static OptionalLong voluntary(String namePrefix) {
    if (!Files.isDirectory(TASKS)) {
      return OptionalLong.empty();
    }
    long sum = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        try {
          if (!Files.readString(task.resolve("comm")).strip().startsWith(namePrefix)) {
            continue;
          }
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
              sum += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
          }
        } catch (java.nio.file.NoSuchFileException ended) {
          // the thread ended while we looked
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + TASKS, e);
    }
    return OptionalLong.of(sum);
  }
}
