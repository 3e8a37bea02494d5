package org.minitransport.demo.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

  private final List<String> lines = new ArrayList<>();

  @Test
  void joinsALineSplitAcrossReadsAndDropsTheCarriageReturn() {
    LineSplitter splitter = new LineSplitter(100);
    byte[] bytes = "hello\r\nworld\n".getBytes(StandardCharsets.UTF_8);
    splitter.accept(bytes, 0, 3, lines::add);
    splitter.accept(bytes, 3, bytes.length - 3, lines::add);
    assertEquals(List.of("hello", "world"), lines);
  }

  @Test
  void cutsALineWithoutANewlineAtTheLimit() {
    LineSplitter splitter = new LineSplitter(4);
    byte[] bytes = "abcdefg\nhi\n".getBytes(StandardCharsets.UTF_8);
    splitter.accept(bytes, 0, bytes.length, lines::add);
    assertEquals(List.of("abcd", "efg", "hi"), lines);
  }

  @Test
  void holdsAnUnfinishedLineUntilItsNewline() {
    LineSplitter splitter = new LineSplitter(100);
    byte[] bytes = "caf\u00e9".getBytes(StandardCharsets.UTF_8);
    splitter.accept(bytes, 0, bytes.length, lines::add);
    assertEquals(List.of(), lines);
    splitter.accept(new byte[] {'\n'}, 0, 1, lines::add);
    assertEquals(List.of("caf\u00e9"), lines);
  }
}
