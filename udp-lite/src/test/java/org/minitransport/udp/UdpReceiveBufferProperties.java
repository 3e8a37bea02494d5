package org.minitransport.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minitransport.core.net.sim.LinkConfig;

/**
 * A socket's bounded receive queue under bursts: what it cannot hold is lost and counted as
 * overflow, and what it holds comes out in order, unchanged. (The end-to-end UDP delivery
 * properties over random impairments live in transport-tck, on the scenario API.)
 */
class UdpReceiveBufferProperties {

  @Test
  void aFullReceiveBufferLosesOnlyWhatItCountsAsOverflow() {
    qt().withExamples(60)
        .forAll(longs().all(), integers().between(64, 8_000), integers().between(1, 80),
            integers().between(0, 1_468))
        .checkAssert((seed, bufferBytes, burst, maxLength) -> {
          try (UdpSimulation sim = new UdpSimulation(seed, LinkConfig.DEFAULT)) {
            UdpService a = sim.addHost();
            UdpService b = sim.addHost();
            UdpSocket receiver = b.open(UdpSimulation.endpoint(2, 5000),
                UdpSocketOptions.builder().receiveBufferBytes(bufferBytes).build());
            UdpSocket sender = a.openEphemeral();
            SplittableRandom random = new SplittableRandom(seed);
            List<byte[]> sent = new ArrayList<>();
            List<byte[]> received = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
              for (int i = 0; i < burst; i++) {
                byte[] data = ByteBuffer.allocate(4 + random.nextInt(maxLength + 1))
                    .putInt(sent.size()).array();
                sender.send(receiver.localEndpoint(), data);
                sent.add(data);
              }
              sim.runUntilIdle();
              for (ReceivedDatagram d = receiver.tryReceive(); d != null; d = receiver.tryReceive()) {
                received.add(d.data());
              }
            }
            long overflow = receiver.counters().receiveBufferErrors();
            assertEquals(sent.size(), received.size() + overflow);
            assertEquals(received.size(), receiver.counters().inDatagrams());
            assertEquals(overflow, b.counters().receiveBufferErrors());
            int previous = -1;
            for (byte[] data : received) {
              int index = ByteBuffer.wrap(data).getInt();
              assertTrue(index > previous, "out of order or duplicated: " + index);
              assertArrayEquals(sent.get(index), data);
              previous = index;
            }
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });
  }
}
