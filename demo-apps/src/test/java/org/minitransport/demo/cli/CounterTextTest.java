package org.minitransport.demo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.TrafficCounters;
import org.minitransport.tcp.LossRecoveryCounters;
import org.minitransport.tcp.TcpCounters;

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

  @Test
  void aTableIsATitleThenOneAlignedLinePerCounterInOrder() {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("listenDrops", 12L);
    counters.put("syncookiesSent", 0L);
    assertEquals("TCP counters:\n  listenDrops    12\n  syncookiesSent 0\n",
        CounterText.table("TCP counters:", counters));
  }

  @Test
  void aTableOfTcpCountersHasEveryCounterIncludingOnesAddedLater() {
    String text = CounterText.table("TCP counters:", new TcpCounters().snapshot());
    int accessors = 0;
    for (Method method : TcpCounters.class.getDeclaredMethods()) {
      if (Modifier.isPublic(method.getModifiers()) && method.getReturnType() == long.class
          && method.getParameterCount() == 0) {
        accessors++;
        assertTrue(text.contains("\n  " + method.getName() + " "), method.getName() + " in\n"
            + text);
      }
    }
    assertTrue(accessors >= 17, "the counters TcpCounters has: " + accessors);
    for (String nstatName : LossRecoveryCounters.NONE.byNstatName().keySet()) {
      assertTrue(text.contains("\n  " + nstatName + " "), nstatName + " in\n" + text);
    }
    assertTrue(text.contains("\n  TCPTimeouts "), "retransmission timeouts under Linux's name");
  }
}
