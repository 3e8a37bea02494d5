package org.minitransport.udp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.PortUnreachableException;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.udp.ReceivedDatagram;

/**
 * What a receiver that waits on the host's socket rather than on the queue looks at: {@link
 * DatagramQueue#changes}, {@link DatagramQueue#isReady} and the {@link DatagramQueue#onChange}
 * hook, which must move for every offer, error and close, and only for those.
 */
class DatagramQueueChangesTest {

  private static final ReceivedDatagram SMALL =
      new ReceivedDatagram(Endpoint.of("10.0.0.1", 9), new byte[8]);

  @Test
  void everyOfferErrorAndCloseMovesTheCounterAndRunsTheHookAndARefusedOfferDoesNot()
      throws IOException {
    DatagramQueue queue = new DatagramQueue(2 * (8 + DatagramQueue.PER_DATAGRAM_OVERHEAD));
    int[] hooks = {0};
    queue.onChange(() -> hooks[0]++);
    assertFalse(queue.isReady(), "empty and open");
    long start = queue.changes();

    assertTrue(queue.offer(SMALL));
    assertEquals(start + 1, queue.changes());
    assertEquals(1, hooks[0]);
    assertTrue(queue.isReady(), "a datagram is queued");
    assertTrue(queue.offer(SMALL));
    assertFalse(queue.offer(SMALL), "full");
    assertEquals(start + 2, queue.changes(), "a refused offer is no change");
    assertEquals(2, hooks[0]);

    queue.poll();
    queue.poll();
    assertFalse(queue.isReady(), "drained");
    assertEquals(start + 2, queue.changes(), "taking is not a change a waiter waits for");

    queue.reportError(new PortUnreachableException("refused"));
    assertEquals(start + 3, queue.changes());
    assertEquals(3, hooks[0]);
    assertTrue(queue.isReady(), "an error is waiting to be thrown");
    queue.takeError();
    assertFalse(queue.isReady());

    queue.close();
    assertEquals(start + 4, queue.changes());
    assertEquals(4, hooks[0]);
    assertTrue(queue.isReady(), "closed: a receive returns at once");
    assertFalse(queue.offer(SMALL), "closed");
    assertEquals(start + 4, queue.changes());
    assertEquals(4, hooks[0]);
  }
}
