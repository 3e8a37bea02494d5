package org.minitransport.demo.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minitransport.tcp.TcpCounters;

class CounterTextTest {

  @Test
  void printsATitleThenOneAlignedLinePerCounterInOrder() {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("listenDrops", 12L);
    counters.put("syncookiesSent", 0L);
    assertEquals("TCP counters:\n  listenDrops    12\n  syncookiesSent 0\n",
        CounterText.format("TCP counters:", counters));
  }

  @Test
  void rendersEveryCounterTcpCountersHasIncludingOnesAddedLater() {
    String text = CounterText.format("TCP counters:", new TcpCounters().snapshot());
    int accessors = 0;
    for (Method method : TcpCounters.class.getDeclaredMethods()) {
      if (Modifier.isPublic(method.getModifiers()) && method.getReturnType() == long.class
          && method.getParameterCount() == 0) {
        accessors++;
        assertTrue(text.contains("\n  " + method.getName() + " "), method.getName() + " in\n"
            + text);
      }
    }
    assertTrue(accessors >= 17, "the counters this branch knows of: " + accessors);
  }
}
