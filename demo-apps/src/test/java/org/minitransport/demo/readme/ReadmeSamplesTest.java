package org.minitransport.demo.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.minitransport.demo.CommandLineHarness;

/**
 * The README's Java samples compile (they are {@link ReadmeSamples}), run, and are shown in the
 * README exactly as they are here: a reader who copies one gets code that works.
 */
class ReadmeSamplesTest {

  private static final Path README = Path.of("..", "README.md");
  private static final Path SAMPLES =
      Path.of("src/test/java/org/minitransport/demo/readme/ReadmeSamples.java");

  @Test
  void theEngineSampleMovesItsBytesThroughALossyNetwork() throws Exception {
    assertEquals(100_000, ReadmeSamples.engineTransfer(42).length);
  }

  @Test
  void theSocketSampleEchoes() throws Exception {
    assertEquals("hello, tcp-lite", ReadmeSamples.socketEcho("hello, tcp-lite"));
  }

  @Test
  void theUdpSampleEchoesOverRealUdpSockets() throws Exception {
    assertEquals("hello, udp-lite",
        ReadmeSamples.udpEcho(CommandLineHarness.freeRoutes(), "hello, udp-lite"));
  }

  @Test
  void theReadmeShowsEverySampleAsItIsAndTheImportsItNeeds() throws Exception {
    String readme = Files.readString(README);
    String source = Files.readString(SAMPLES);
    Matcher sample = Pattern.compile("(?s)  // sample: (\\w+)\n(.*?)  // end sample\n")
        .matcher(source);
    List<String> names = new ArrayList<>();
    while (sample.find()) {
      names.add(sample.group(1));
      String code = sample.group(2).replaceAll("(?m)^  ", "");
      Matcher shown = Pattern.compile("(?s)<!-- sample: " + sample.group(1)
          + " -->\n```java\n(.*?)```\n").matcher(readme);
      assertTrue(shown.find(), "the README shows the sample " + sample.group(1));
      String block = shown.group(1);
      for (String line : block.lines().filter(l -> l.startsWith("import ")).toList()) {
        assertTrue(source.contains("\n" + line + "\n"), "the sample file imports " + line);
      }
      String body = block.lines().filter(l -> !l.startsWith("import ")).dropWhile(String::isEmpty)
          .reduce("", (a, b) -> a + b + "\n");
      assertEquals(code, body, "the README's " + sample.group(1) + " sample is the tested one");
    }
    assertEquals(List.of("engine", "sockets", "udp"), names);
  }
}
