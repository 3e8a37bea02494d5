package org.minitransport.demo.starter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The solution-region markers: how a region is stubbed, and which shapes are refused. */
class SolutionRegionsTest {

  private static final String MARKED = """
      class A {
        int f(int x) {
          // BEGIN LAB 2: return twice x
          int y = x * 2;
          return y;
          // END LAB 2
        }

        int g() {
          // BEGIN LAB 3: say "three"
          return 3;
          // END LAB 3
        }
      }
      """;

  @Test
  void stubReplacesTheLabsRegionsByAThrowAndKeepsTheOtherLabsCode() {
    String stubbed = SolutionRegions.parse("A.java", MARKED).stub(2);
    assertEquals("""
        class A {
          int f(int x) {
            throw new UnsupportedOperationException("lab 2: return twice x");
          }

          int g() {
            return 3;
          }
        }
        """, stubbed);
  }

  @Test
  void stubEscapesQuotesInWhatTheStudentWrites() {
    String stubbed = SolutionRegions.parse("A.java", MARKED).stub(3);
    assertTrue(stubbed.contains(
        "throw new UnsupportedOperationException(\"lab 3: say \\\"three\\\"\");"), stubbed);
    assertTrue(stubbed.contains("int y = x * 2;"), stubbed);
  }

  @Test
  void withoutMarkersIsTheReferenceWithTheMarkerLinesRemoved() {
    String plain = SolutionRegions.parse("A.java", MARKED).withoutMarkers();
    assertFalse(plain.contains("LAB"), plain);
    assertEquals(MARKED.lines().count() - 4, plain.lines().count(), plain);
  }

  @Nested
  class Refuses {

    @Test
    void aRegionThatDoesNotEndItsBlock() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SolutionRegions.parse("B.java", """
              void f() {
                // BEGIN LAB 1: a
                a();
                // END LAB 1
                b();
              }
              """));
      assertTrue(e.getMessage().startsWith("B.java:4: "), e.getMessage());
      assertTrue(e.getMessage().contains("must end its block"), e.getMessage());
    }

    @Test
    void nestedRegions() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SolutionRegions.parse("C.java", """
              void f() {
                // BEGIN LAB 1: a
                // BEGIN LAB 2: b
                // END LAB 2
                // END LAB 1
              }
              """));
      assertTrue(e.getMessage().startsWith("C.java:3: "), e.getMessage());
    }

    @Test
    void anEndOfAnotherLab() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SolutionRegions.parse("D.java", "{\n// BEGIN LAB 1: a\n// END LAB 2\n}\n"));
      assertTrue(e.getMessage().contains("END LAB 2 closes BEGIN LAB 1"), e.getMessage());
    }

    @Test
    void anUnclosedRegion() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SolutionRegions.parse("E.java", "{\n// BEGIN LAB 4: a\n}\n"));
      assertTrue(e.getMessage().startsWith("E.java:2: BEGIN LAB 4 is never closed"),
          e.getMessage());
    }

    @Test
    void aMalformedMarker() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SolutionRegions.parse("F.java", "{\n// BEGIN LAB 4 no colon\n}\n"));
      assertTrue(e.getMessage().contains("malformed marker"), e.getMessage());
    }
  }

  /** Every marked source of the repository parses, so no lab's starter fails on a typo. */
  @Test
  void everyMarkedSourceInTheRepositoryParses() throws IOException {
    List<Path> marked = new ArrayList<>();
    try (Stream<Path> modules = Files.list(StarterProjectTest.repository())) {
      for (Path module : modules.filter(Files::isDirectory).toList()) {
        Path sources = module.resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(sources)) {
          for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.contains("// BEGIN LAB") || text.contains("// END LAB")) {
              SolutionRegions.parse(file.toString(), text);
              marked.add(file);
            }
          }
        }
      }
    }
    assertFalse(marked.isEmpty(), "no marked source found");
  }
}
