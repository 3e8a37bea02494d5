package org.minitransport.demo.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SequencePlotTest {

  @Test
  void axesEndAtRoundValuesInRoundSteps() {
    assertEquals(new SequencePlot.Axis(3.0, 0.5), SequencePlot.Axis.of(2.55));
    assertEquals(new SequencePlot.Axis(1500, 250), SequencePlot.Axis.of(1346));
    assertEquals(new SequencePlot.Axis(150_000, 25_000), SequencePlot.Axis.of(131_000));
    assertEquals(new SequencePlot.Axis(2_500_000, 500_000), SequencePlot.Axis.of(2_100_000));
  }

  @Test
  void theTitleAndTheKeyStayAboveThePanelsAndEveryTickIsRound() {
    String svg = new SequencePlot().render("a title", "a subtitle");
    Matcher texts = Pattern.compile("<text x=\"[0-9.]+\" y=\"([0-9.]+)\"[^>]*>([^<]*)</text>")
        .matcher(svg);
    int headings = 0;
    while (texts.find()) {
      double y = Double.parseDouble(texts.group(1));
      String text = texts.group(2);
      if (text.equals("a title") || text.equals("a subtitle") || text.contains("retransmission")
          || text.contains("data segment") || text.equals("congestion window")) {
        assertTrue(y < 96, text + " at y " + y + " is above the first panel (y 96)");
        headings++;
      } else if (text.matches("[0-9.]+[kM]?")) {
        assertTrue(text.matches("0|[1-9][0-9]*(\\.[0-9]+)?[kM]?|0\\.[0-9]+"), "tick " + text);
      }
    }
    assertEquals(5, headings, svg);
  }
}
