package org.minitransport.tck.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/property-tests.md shows {@link UpperCaseProtocolProperties} exactly as it is compiled and
 * run, so the page's example cannot rot.
 */
class PropertyTestsPageTest {

  private static final String SOURCE =
      "transport-tck/src/test/java/org/minitransport/tck/example/UpperCaseProtocolProperties.java";

  @Test
  void thePageShowsTheExampleAsTheBuildRunsIt() throws Exception {
    Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    String page = Files.readString(root.resolve("docs/property-tests.md"), StandardCharsets.UTF_8);
    String start = "<!-- example:start " + SOURCE + " -->\n```java\n";
    int from = page.indexOf(start);
    int to = page.indexOf("```\n<!-- example:end -->", from);
    assertTrue(from >= 0 && to > from, "the page has no example block for " + SOURCE);
    assertEquals(Files.readString(root.resolve(SOURCE), StandardCharsets.UTF_8),
        page.substring(from + start.length(), to),
        "docs/property-tests.md differs from " + SOURCE + "; copy the file into the page");
  }
}
