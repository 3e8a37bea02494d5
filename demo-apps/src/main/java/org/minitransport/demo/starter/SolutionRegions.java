package org.minitransport.demo.starter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The solution regions of a reference source file, and the file with them replaced by stubs.
 *
 * <p>A region is a run of lines inside a method body between two comment-only lines:
 *
 * <pre>
 *     // BEGIN LAB 2: store the substring, push what is now contiguous
 *     ... the reference's code ...
 *     // END LAB 2
 *   }
 * </pre>
 *
 * <p>{@link #stub(int)} replaces every region of lab {@code n} by {@code throw new
 * UnsupportedOperationException("lab n: what")} at the BEGIN line's indentation, and drops the
 * marker lines of the other labs' regions (their code stays). A region must close the block it is
 * in (the next non-blank line after END starts with {@code }}), so the throw is the block's last
 * statement and the stubbed file compiles. Regions do not nest; every BEGIN has the END of the
 * same lab. Any other shape is an {@link IllegalArgumentException} naming the file and line.
 */
final class SolutionRegions {

  private static final Pattern BEGIN =
      Pattern.compile("^(\\s*)// BEGIN LAB (\\d+): (\\S.*?)\\s*$");
  private static final Pattern END = Pattern.compile("^\\s*// END LAB (\\d+)\\s*$");
  private static final Pattern ANY_MARKER = Pattern.compile("^\\s*// (BEGIN|END) LAB\\b.*");

  /** One region: lines {@code [beginLine, endLine]} (0-based, the markers included). */
  record Region(int lab, String what, String indent, int beginLine, int endLine) {}

  private final String fileName;
  private final List<String> lines;
  private final List<Region> regions;

  private SolutionRegions(String fileName, List<String> lines, List<Region> regions) {
    this.fileName = fileName;
    this.lines = lines;
    this.regions = regions;
  }

  /**
   * Parses {@code source}'s regions.
   *
   * @param fileName for error messages
   * @throws IllegalArgumentException naming the file and line of a malformed marker, an unclosed
   *     or nested region, an END without BEGIN, or a region that does not close its block
   */
  static SolutionRegions parse(String fileName, String source) {
    Objects.requireNonNull(fileName, "fileName");
    List<String> lines = List.of(source.split("\n", -1));
    List<Region> regions = new ArrayList<>();
    Matcher open = null;
    int openLine = -1;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher begin = BEGIN.matcher(line);
      Matcher end = END.matcher(line);
      if (begin.matches()) {
        if (open != null) {
          throw new IllegalArgumentException(at(fileName, i) + "BEGIN LAB inside the region opened"
              + " at line " + (openLine + 1) + " (regions do not nest)");
        }
        open = begin;
        openLine = i;
      } else if (end.matches()) {
        if (open == null) {
          throw new IllegalArgumentException(at(fileName, i) + "END LAB without a BEGIN LAB");
        }
        int lab = Integer.parseInt(open.group(2));
        if (Integer.parseInt(end.group(1)) != lab) {
          throw new IllegalArgumentException(at(fileName, i) + "END LAB " + end.group(1)
              + " closes BEGIN LAB " + lab + " of line " + (openLine + 1));
        }
        int next = i + 1;
        while (next < lines.size() && lines.get(next).isBlank()) {
          next++;
        }
        if (next == lines.size() || !lines.get(next).strip().startsWith("}")) {
          throw new IllegalArgumentException(at(fileName, i) + "the region of line "
              + (openLine + 1) + " must end its block (a '}' must follow END LAB), so that the"
              + " stub's throw is the block's last statement");
        }
        regions.add(new Region(lab, open.group(3), open.group(1), openLine, i));
        open = null;
      } else if (ANY_MARKER.matcher(line).matches()) {
        throw new IllegalArgumentException(at(fileName, i) + "malformed marker '" + line.strip()
            + "' (expected '// BEGIN LAB <n>: <what the student writes>' or '// END LAB <n>')");
      }
    }
    if (open != null) {
      throw new IllegalArgumentException(at(fileName, openLine) + "BEGIN LAB " + open.group(2)
          + " is never closed by END LAB " + open.group(2));
    }
    return new SolutionRegions(fileName, lines, List.copyOf(regions));
  }

  /** Every region, in file order. */
  List<Region> regions() {
    return regions;
  }

  /** The regions of lab {@code lab}. */
  List<Region> regionsOf(int lab) {
    return regions.stream().filter(r -> r.lab() == lab).toList();
  }

  /**
   * The file with lab {@code lab}'s regions replaced by a throw and every other marker line
   * removed (the code between them stays).
   */
  String stub(int lab) {
    return rewrite(lab);
  }

  /** The file with every marker line removed and all code kept: the reference, unmarked. */
  String withoutMarkers() {
    return rewrite(-1);
  }

  private String rewrite(int stubbedLab) {
    StringBuilder out = new StringBuilder();
    int next = 0;
    for (Region region : regions) {
      appendLines(out, next, region.beginLine());
      if (region.lab() == stubbedLab) {
        out.append(region.indent()).append("throw new UnsupportedOperationException(\"lab ")
            .append(region.lab()).append(": ").append(javaString(region.what())).append("\");\n");
      } else {
        appendLines(out, region.beginLine() + 1, region.endLine());
      }
      next = region.endLine() + 1;
    }
    appendLines(out, next, lines.size());
    out.setLength(out.length() - 1); // the split kept the text after the last newline as a line
    return out.toString();
  }

  private void appendLines(StringBuilder out, int from, int to) {
    for (int i = from; i < to; i++) {
      out.append(lines.get(i)).append('\n');
    }
  }

  private static String javaString(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String at(String fileName, int line) {
    return fileName + ":" + (line + 1) + ": ";
  }

  @Override
  public String toString() {
    return fileName + " " + regions;
  }
}
