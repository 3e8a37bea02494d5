package org.minitransport.benchmarks.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineConditionsTest {

  @TempDir Path root;

  private void write(String relative, String text) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void aHaltPollingGuestShowsItsPollTime() throws IOException {
    write("proc/loadavg", "0.29 0.57 0.29 1/79 13387\n");
    write("sys/devices/system/cpu/cpuidle/current_driver", "haltpoll\n");
    write("sys/module/haltpoll/parameters/guest_halt_poll_ns", "200000\n");

    assertEquals("2 cores, load 0.29 0.57 0.29, cpuidle haltpoll (guest_halt_poll_ns=200000)",
        new MachineConditions(root).describe(2));
  }

  @Test
  void anotherIdleDriverIsNamedWithoutAPollTime() throws IOException {
    write("proc/loadavg", "4.00 3.10 2.05 3/200 999\n");
    write("sys/devices/system/cpu/cpuidle/current_driver", "intel_idle\n");
    write("sys/module/haltpoll/parameters/guest_halt_poll_ns", "0\n");

    assertEquals("1 core, load 4.00 3.10 2.05, cpuidle intel_idle",
        new MachineConditions(root).describe(1));
  }

  @Test
  void whatCannotBeReadIsLeftOut() throws IOException {
    write("sys/devices/system/cpu/cpuidle/current_driver", "   \n");

    assertEquals("8 cores", new MachineConditions(root).describe(8));
  }
}
