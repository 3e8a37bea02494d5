package org.minitransport.demo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressMeterTest {

  private final StringWriter text = new StringWriter();
  private final PrintWriter out = new PrintWriter(text, true);
  private long nowNs = 1_000_000_000L;

  private ProgressMeter meter(ProgressMeter.Style style, long total) {
    return new ProgressMeter(out, style, "sending x.bin", total, () -> nowNs);
  }

  @Test
  void linesPrintOneStatusPerSecondWithRateAndTimeLeft() {
    ProgressMeter meter = meter(ProgressMeter.Style.lines, 10 << 20);
    meter.update(1 << 20); // at once: not yet
    nowNs += 500_000_000L;
    meter.update(1 << 20); // half a second: not yet
    nowNs += 500_000_000L;
    meter.update(2 << 20, "simulated 0.5 s");
    nowNs += 999_000_000L;
    meter.update(3 << 20);

    assertEquals("sending x.bin:  20%  2.0 MiB of 10.0 MiB  2.0 MiB/s  ETA 4s  simulated 0.5 s\n",
        text.toString());
  }

  @Test
  void theBarIsRedrawnInPlaceAndEndedWithANewline() {
    ProgressMeter meter = meter(ProgressMeter.Style.bar, 1000);
    nowNs += 200_000_000L;
    meter.update(500);
    nowNs += 200_000_000L;
    meter.update(1000);
    meter.done(1000, null);

    String drawn = text.toString();
    assertTrue(drawn.startsWith("\r  [############            ]  50%"), drawn);
    assertTrue(drawn.contains("\r  [########################] 100%  1000 B of 1000 B"), drawn);
    assertTrue(drawn.endsWith("\n"), drawn);
    assertEquals(1, drawn.chars().filter(c -> c == '\n').count(), drawn);
  }

  @Test
  void noneDrawsNothing() {
    ProgressMeter meter = meter(ProgressMeter.Style.none, 1000);
    nowNs += 5_000_000_000L;
    meter.update(10);
    meter.done(1000, null);
    assertEquals("", text.toString());
  }

  @Test
  void timeLeftIsShownAsMinutesAndSeconds() {
    assertEquals("2:05", Sizes.clock(125));
    assertEquals("1:02:03", Sizes.clock(3723));
    assertEquals("12.34 Mbit/s", Sizes.bitRate(12_340_000));
  }
}
