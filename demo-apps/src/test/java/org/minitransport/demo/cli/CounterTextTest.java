package org.minitransport.demo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.TrafficCounters;

class CounterTextTest {

  @Test
  void wordsAreSortedByNameWithSpacesForUnderscoresAndGroupedDigits() {
    assertEquals("loss 1,454, queue full 3",
        CounterText.words(Map.of("queue_full", 3L, "loss", 1454L)));
  }

  @Test
  void dropsAreNamedAsInJson() {
    TrafficCounters counters = new TrafficCounters();
    counters.recordDropped(DropReason.LOSS);
    counters.recordDropped(DropReason.LOSS);
    assertEquals(Map.of("loss", 2L), CounterText.drops(counters));
  }

  @Test
  void trafficLeavesOutWhatIsZero() {
    TrafficCounters counters = new TrafficCounters();
    for (int i = 0; i < 1200; i++) {
      counters.recordSent();
    }
    counters.recordDelivered();
    counters.recordDropped(DropReason.LOSS);
    counters.recordDuplicated();
    assertEquals("1,200 packets, 1 passed, duplicated 1, loss 1", CounterText.traffic(counters));
  }
}
