package org.minitransport.benchmarks.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line describing the conditions a latency figure depends on, read from Linux's
 * {@code /proc} and {@code /sys}: the cores, the load average, and the CPU idle driver.
 *
 * <p>The idle driver matters more than it looks. In a virtual machine whose driver is
 * {@code haltpoll} with {@code guest_halt_poll_ns} at 0, every wake-up of an idle virtual CPU goes
 * through the hypervisor: on this project's benchmark machine a quiet raw UDP ping-pong took a
 * median 48.8 µs that way and 11.6–14.9 µs with halt polling at 200 µs. A quiet run and a run
 * beside a busy process then measure different things, and the README reports both.
 *
 * <p>What cannot be read (not Linux, no such file) is left out of the line rather than guessed.
 */
public final class MachineConditions {

  private final Path root;

  /** Conditions read from the real {@code /proc} and {@code /sys}. */
  public static MachineConditions ofThisMachine() {
    return new MachineConditions(Path.of("/"));
  }

  /**
   * Conditions read from a copy of {@code /proc} and {@code /sys} under {@code root} (tests).
   *
   * @param root the directory that stands for {@code /}
   */
  public MachineConditions(Path root) {
    this.root = root;
  }

  /**
   * A line such as {@code "2 cores, load 0.29 0.57 0.29, cpuidle haltpoll
   * (guest_halt_poll_ns=0)"}.
   *
   * @param cores the processors this JVM sees
   */
  public String describe(int cores) {
    List<String> parts = new ArrayList<>();
    parts.add(cores + (cores == 1 ? " core" : " cores"));
    read("proc/loadavg").map(MachineConditions::firstThreeFields)
        .ifPresent(load -> parts.add("load " + load));
    read("sys/devices/system/cpu/cpuidle/current_driver").ifPresent(driver -> {
      String haltPoll = driver.equals("haltpoll")
          ? read("sys/module/haltpoll/parameters/guest_halt_poll_ns")
              .map(ns -> " (guest_halt_poll_ns=" + ns + ")").orElse("")
          : "";
      parts.add("cpuidle " + driver + haltPoll);
    });
    return String.join(", ", parts);
  }

  private static String firstThreeFields(String loadAverage) {
    String[] fields = loadAverage.split("\\s+");
    return String.join(" ", java.util.Arrays.copyOf(fields, Math.min(3, fields.length)));
  }

  private Optional<String> read(String relative) {
    Path file = root.resolve(relative);
    try {
      String text = Files.readString(file).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(text);
    } catch (IOException | SecurityException unreadable) {
      return Optional.empty();
    }
  }
}
