package org.minitransport.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.demo.CommandLineHarness.run;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.minitransport.demo.CommandLineHarness.Run;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** The rules every command keeps: its help, its placeholders and defaults, and bad values. */
class HelpAndUsageTest {

  private static List<CommandSpec> subcommands() {
    List<CommandSpec> specs = new ArrayList<>();
    new CommandLine(new Minitransport()).getSubcommands().values()
        .forEach(cli -> specs.add(cli.getCommandSpec()));
    return specs;
  }

  @Test
  void theFirstHelpPrintsNoWarningAndDescribesEveryCommandWhole() {
    Run r = run("--help");
    assertEquals(0, r.exitCode(), r.transcript());
    assertEquals("", r.err(), "no picocli warning");
    String words = r.out().replaceAll("\\s+", " ");
    for (CommandSpec command : subcommands()) {
      String header = String.join(" ", command.usageMessage().header());
      assertTrue(header.endsWith("."), command.name() + " has a one-sentence header: " + header);
      assertTrue(words.contains(" " + command.name() + " " + header), command.name() + ": "
          + header + " whole in " + words);
    }
  }

  @Test
  void everyCommandsHelpEndsWithExamples() {
    for (CommandSpec command : subcommands()) {
      Run r = run(command.name(), "--help");
      assertEquals(0, r.exitCode(), r.transcript());
      assertEquals("", r.err(), command.name());
      assertTrue(r.out().contains("\nExamples:\n  "), command.name() + ":\n" + r.out());
      assertTrue(r.out().contains("minitransport " + command.name()), r.out());
    }
  }

  @Test
  void everyValueHasAPlaceholderThatSaysWhatItIsAndEveryDefaultIsShown() {
    for (CommandSpec command : subcommands()) {
      for (OptionSpec option : command.options()) {
        if (option.usageHelp() || option.versionHelp() || option.arity().max() == 0) {
          continue;
        }
        String where = command.name() + " " + option.longestName();
        assertTrue(option.paramLabel().matches("<[a-z][a-z.:|\\[\\]]*>"),
            where + " has the placeholder " + option.paramLabel());
        String description = String.join(" ", option.description());
        if (option.defaultValue() != null || option.required()) {
          assertTrue(description.contains("default") || option.required(),
              where + " shows its default: " + description);
        }
      }
      for (PositionalParamSpec parameter : command.positionalParameters()) {
        assertTrue(parameter.paramLabel().matches("<[a-z][a-z.:|]*>"),
            command.name() + " has the placeholder " + parameter.paramLabel());
      }
    }
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(delimiter = '|', value = {
      "echo-server | --address | 10.0.0.300 | '10.0.0.300' is not an IPv4 address",
      "echo-server | --routes  | garbage    | bad route 'garbage'",
      "echo-server | --port    | 70000      | '70000' is not a port from 1 to 65535",
      "echo-client | --timeout | 0          | '0' is not a timeout: give at least 1ms",
      "time-query  | --timeout | 0ms        | '0ms' is not a timeout: give at least 1ms",
      "chat-client | --mtu     | 100        | '100' is not an MTU from 576 to 65535 bytes",
      "perf        | --parallel| 0          | --parallel 0 must be 1-128",
      "send-file   | --to      | 10.0.0.2   | '10.0.0.2' is not ADDRESS:PORT",
      "simulate    | --loss    | 2          | '2' is not a probability",
      "echo-server | --tun     | far-too-long-name | interface name 'far-too-long-name' must be "
          + "1-15 letters",
      "http-server | --tun-netns | ../etc   | network namespace name '../etc' must be",
      "http-get    | --kernel-address | 10.0.0.300/24 | '10.0.0.300/24'",
      "echo-client | --kernel-address | 10.0.0.1/31   | prefix length /31 must be between /8 "
          + "and /30",
      "perf        | --kernel-address | 10.0.0.0/24   | kernel address 10.0.0.0/24 is the "
          + "subnet's network or broadcast address",
      "chat-server | --kernel-address | 10.0.0.254/x  | '10.0.0.254/x' is not ADDRESS/PREFIX"})
  void anInvalidValueIsAUsageErrorOfOneLineAndAPointerToHelp(String command, String option,
      String value, String message) {
    Run r = run(command, option, value);
    assertEquals(2, r.exitCode(), r.transcript());
    List<String> lines = r.err().lines().toList();
    assertEquals(2, lines.size(), r.transcript());
    assertTrue(lines.get(0).startsWith("minitransport: ") && lines.get(0).contains(message),
        r.transcript());
    assertEquals("Try 'minitransport " + command + " --help' for more information.",
        lines.get(1));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "echo-server --tun mt1 | --tun applies to --network tun only (this is --network sim)",
      "http-get --network udp --kernel-address 10.1.0.254/24 http://10.0.0.2/ "
          + "| --kernel-address applies to --network tun only (this is --network udp)",
      "echo-client --tun-netns mt | --tun-netns applies to --network tun only",
      "echo-server --network tun --address 192.0.2.1 | --address 192.0.2.1 must be an address "
          + "of 10.0.0.254/24 other than the kernel's (10.0.0.254)",
      "http-server --network tun --kernel-address 10.9.0.1/16 --address 10.9.0.1 "
          + "| --address 10.9.0.1 must be an address of 10.9.0.1/16",
      "echo-server --network udp --loss 120% | '120%' is not a probability between 0 and 1",
      "http-server --network tun --delay soon | 'soon' is not a duration",
      "perf --network udp --bandwidth fast | 'fast' is not"})
  void tunOptionsAndImpairmentsOnRealNetworksRefuseWhatTheyCannotHonourAsUsageErrors(
      String arguments, String message) {
    Run r = run(arguments.trim().split(" +"));
    assertEquals(2, r.exitCode(), r.transcript());
    List<String> lines = r.err().lines().toList();
    assertEquals(2, lines.size(), r.transcript());
    assertTrue(lines.get(0).startsWith("minitransport: ") && lines.get(0).contains(message),
        r.transcript());
    assertTrue(lines.get(1).startsWith("Try 'minitransport "), lines.get(1));
  }

  @Test
  void theTunOptionsSayWhichNetworkTheyApplyToAndShowTheirDefaults() {
    String help = run("http-server", "--help").out().replaceAll("\\s+", " ");
    assertTrue(help.contains("--tun=<name> --network tun: the TUN interface to create"), help);
    assertTrue(help.contains("(default: mt0)"), help);
    assertTrue(help.contains("--kernel-address=<cidr> --network tun:"), help);
    assertTrue(help.contains("(default: 10.0.0.254/24)"), help);
    assertTrue(help.contains("--tun-netns=<name> --network tun:"), help);
    assertTrue(help.contains("(default: none, this process's own)"), help);
    assertTrue(help.contains("apply on every network; on udp and tun to what this process's "
        + "hosts send and receive"), help);
    assertTrue(help.contains("sudo minitransport http-server --network tun"), "an example: " + help);
  }

  @Test
  void anUnknownOptionSuggestsTheNearestOne() {
    Run r = run("simulate", "--sesions", "3");
    assertEquals(2, r.exitCode(), r.transcript());
    assertTrue(r.err().startsWith("minitransport: Unknown options: '--sesions', '3'"), r.err());
    assertTrue(r.err().contains("--sessions"), r.err());
  }

  @Test
  void netstatDefaultsToTheUdpNetworkItNeedsAndMarksItsTargetRequired() {
    String help = run("netstat", "--help").out();
    assertTrue(help.contains(" --target=<address>") && !help.contains("[--target=<address>]"),
        help);
    assertTrue(help.replaceAll("\\s+", " ").contains("(default: udp)"), help);
  }
}
