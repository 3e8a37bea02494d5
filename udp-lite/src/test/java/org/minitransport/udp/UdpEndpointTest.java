package org.minitransport.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.udp.UdpSimulation.address;
import static org.minitransport.udp.UdpSimulation.endpoint;

import java.io.IOException;
import java.net.BindException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.stack.HostDropReason;
import org.minitransport.udp.internal.DatagramQueue;
import org.minitransport.udp.wire.UdpHeader;

/**
 * The reference UDP engine with the socket API on two simulated hosts in virtual time, for what
 * transport-tck's {@code UdpEndpointVerification} (run against {@code BufferedUdpEndpoint} in
 * {@code BufferedUdpEndpointVerificationTest}) does not state: the socket-side checks (sizes,
 * destinations, closed sockets), per-socket counters, the buffer's accounting, and the host's ICMP
 * rate limit.
 */
class UdpEndpointTest {

  UdpSimulation sim;
  UdpService a;
  UdpService b;

  @BeforeEach
  void twoHosts() {
    sim = UdpSimulation.clean();
    a = sim.addHost();
    b = sim.addHost();
  }

  @AfterEach
  void closeSimulation() {
    sim.close();
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static List<ReceivedDatagram> drain(UdpSocket socket) throws IOException {
    List<ReceivedDatagram> all = new ArrayList<>();
    for (ReceivedDatagram d = socket.tryReceive(); d != null; d = socket.tryReceive()) {
      all.add(d);
    }
    return all;
  }

  @Nested
  class Demultiplexing {

    @Test
    void sendsFromTheSlicedRangeAndLetsTheCallerReuseTheArray() throws IOException {
      UdpSocket receiver = b.open(endpoint(2, 5000));
      UdpSocket sender = a.openEphemeral();
      byte[] buffer = bytes("xxhelloyy");
      sender.send(receiver.localEndpoint(), buffer, 2, 5);
      buffer[3] = 'J';
      sim.runUntilIdle();
      assertArrayEquals(bytes("hello"), receiver.tryReceive().data());
    }

    @Test
    void countsDatagramsInAndOutPerSocketAndPerHost() throws IOException {
      UdpSocket receiver = b.open(endpoint(2, 5000));
      UdpSocket other = b.open(endpoint(2, 5001));
      UdpSocket sender = a.openEphemeral();
      for (int i = 0; i < 3; i++) {
        sender.send(receiver.localEndpoint(), bytes("r" + i));
      }
      sender.send(other.localEndpoint(), bytes("o"));
      sim.runUntilIdle();

      assertEquals(4, sender.counters().outDatagrams());
      assertEquals(4, a.counters().outDatagrams());
      assertEquals(3, receiver.counters().inDatagrams());
      assertEquals(1, other.counters().inDatagrams());
      assertEquals(4, b.counters().inDatagrams());
    }
  }

  @Nested
  class PayloadLimit {

    @Test
    void acceptsExactlyMtuMinus28() throws IOException {
      UdpSocket receiver = b.open(endpoint(2, 5000));
      assertEquals(1500 - 28, a.maxPayload());
      a.openEphemeral().send(receiver.localEndpoint(), new byte[1472]);
      sim.runUntilIdle();
      assertEquals(1472, receiver.tryReceive().data().length);
    }

    @Test
    void rejectsOneByteMoreWithAMessageNamingTheLimit() throws IOException {
      UdpSocket sender = a.openEphemeral();
      SocketException e = assertThrows(SocketException.class,
          () -> sender.send(endpoint(2, 5000), new byte[1473]));
      assertTrue(e.getMessage().contains("1473") && e.getMessage().contains("1472"),
          e.getMessage());
      assertEquals(0, sender.counters().outDatagrams());
    }
  }

  @Nested
  class Binding {

    @Test
    void refusesAWellKnownPortOnAnUnprivilegedHost() {
      assertThrows(BindException.class, () -> b.open(endpoint(2, 53)));
    }

    @Test
    void picksEphemeralPortsFromTheDynamicRange() throws IOException {
      for (int i = 0; i < 20; i++) {
        int port = b.openEphemeral().localEndpoint().port();
        assertTrue(port >= 49_152 && port <= 65_535, "port " + port);
      }
    }
  }

  @Nested
  class Closing {

    @Test
    void makesEveryLaterCallFailWithSocketIsClosed() throws IOException {
      UdpSocket socket = b.open(endpoint(2, 5000));
      socket.close();
      socket.close(); // idempotent
      assertTrue(socket.isClosed());
      List<org.junit.jupiter.api.function.Executable> calls = List.of(
          () -> socket.send(endpoint(1, 9), bytes("x")),
          socket::tryReceive,
          socket::receive,
          () -> socket.connect(endpoint(1, 9)),
          socket::disconnect,
          () -> socket.setSoTimeout(10));
      for (org.junit.jupiter.api.function.Executable call : calls) {
        SocketException e = assertThrows(SocketException.class, call);
        assertEquals("Socket is closed", e.getMessage());
      }
    }

    @Test
    void closingTheHostClosesItsSockets() throws IOException {
      UdpSocket socket = b.open(endpoint(2, 5000));
      sim.host(2).close(sim.driver.nowNs());
      assertTrue(socket.isClosed());
      assertThrows(SocketException.class, socket::tryReceive);
    }
  }

  @Nested
  class ReceiveBuffer {

    @Test
    void boundsAFloodOfEmptyDatagramsToo() throws IOException {
      UdpSocket receiver = b.open(endpoint(2, 5000),
          UdpSocketOptions.builder().receiveBufferBytes(64).build());
      UdpSocket sender = a.openEphemeral();
      for (int i = 0; i < 5; i++) {
        sender.send(receiver.localEndpoint(), new byte[0]);
      }
      sim.runUntilIdle();
      assertEquals(2, drain(receiver).size());
      assertEquals(3, receiver.counters().receiveBufferErrors());
    }

    @Test
    void makesRoomAgainOnceDrained() throws IOException {
      UdpSocket receiver = b.open(endpoint(2, 5000),
          UdpSocketOptions.builder().receiveBufferBytes(100).build());
      UdpSocket sender = a.openEphemeral();
      sender.send(receiver.localEndpoint(), new byte[60]);
      sender.send(receiver.localEndpoint(), new byte[60]);
      sim.runUntilIdle();
      assertEquals(1, drain(receiver).size());
      sender.send(receiver.localEndpoint(), new byte[60]);
      sim.runUntilIdle();
      assertEquals(1, drain(receiver).size());
      assertEquals(1, receiver.counters().receiveBufferErrors());
    }

    @Test
    void rejectsABufferBelowTheMinimum() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> UdpSocketOptions.builder().receiveBufferBytes(63).build());
      assertTrue(e.getMessage().contains("63"), e.getMessage());
    }
  }

  @Nested
  class Connected {

    @Test
    void sendsToThePeerByDefault() throws IOException {
      UdpSocket receiver = b.open(endpoint(2, 5000));
      UdpSocket sender = a.openEphemeral();
      sender.connect(receiver.localEndpoint());
      assertTrue(sender.isConnected());
      assertEquals(receiver.localEndpoint(), sender.remoteEndpoint());
      sender.send(bytes("default"));
      sim.runUntilIdle();
      assertArrayEquals(bytes("default"), receiver.tryReceive().data());
    }

    @Test
    void refusesToSendElsewhere() throws IOException {
      UdpSocket sender = a.openEphemeral();
      sender.connect(endpoint(2, 5000));
      SocketException e = assertThrows(SocketException.class,
          () -> sender.send(endpoint(2, 5001), bytes("x")));
      assertTrue(e.getMessage().contains("10.0.0.2:5000"), e.getMessage());
    }

    @Test
    void refusesToSendWithoutADestinationWhenUnconnected() throws IOException {
      UdpSocket sender = a.openEphemeral();
      SocketException e = assertThrows(SocketException.class, () -> sender.send(bytes("x")));
      assertTrue(e.getMessage().contains("not connected"), e.getMessage());
    }

    @Test
    void refusesAWildcardOrPortZeroPeer() throws IOException {
      UdpSocket socket = a.openEphemeral();
      assertThrows(IllegalArgumentException.class,
          () -> socket.connect(new Endpoint(Ipv4Address.ANY, 5000)));
      assertThrows(IllegalArgumentException.class, () -> socket.connect(endpoint(2, 0)));
      assertTrue(!socket.isConnected());
    }
  }

  @Nested
  class PortUnreachable {

    UdpSocket connectedToNothing() throws IOException {
      UdpSocket socket = a.open(endpoint(1, 7000));
      socket.connect(endpoint(2, 4444));
      socket.send(bytes("hello?"));
      sim.runUntilIdle();
      return socket;
    }

    @Test
    void aConnectedSocketLearnsOfItOnceOnItsNextSend() throws IOException {
      UdpSocket socket = connectedToNothing();
      PortUnreachableException e =
          assertThrows(PortUnreachableException.class, () -> socket.send(bytes("again")));
      assertTrue(e.getMessage().contains("10.0.0.2:4444"), e.getMessage());
      assertEquals(1, socket.counters().outDatagrams(), "the refused send did not go out");
      socket.send(bytes("third")); // reported once, like Linux's sk_err
      sim.runUntilIdle();
      assertEquals(2, socket.counters().outDatagrams());
    }

    @Test
    void aSocketConnectedElsewhereIsNotTold() throws IOException {
      b.open(endpoint(2, 5000));
      UdpSocket socket = a.open(endpoint(1, 7000));
      socket.send(endpoint(2, 4444), bytes("refused"));
      socket.connect(endpoint(2, 5000));
      sim.runUntilIdle();
      assertEquals(1, sim.host(1).counters().icmpIn());
      assertNull(socket.tryReceive());
      socket.send(bytes("fine"));
    }

    @Test
    void reconnectingForgetsAnUnreportedError() throws IOException {
      UdpSocket socket = connectedToNothing();
      socket.connect(endpoint(2, 4444));
      assertNull(socket.tryReceive());
    }

    @Test
    void isRateLimitedByTheHostsIcmpErrorBucket() throws IOException {
      try (UdpSimulation limited = UdpSimulation.clean()) {
        UdpService sender = limited.addHost();
        limited.addHost(limited.nextHostConfig().icmpErrorRate(10, 3));
        UdpSocket socket = sender.openEphemeral();
        for (int i = 0; i < 20; i++) {
          socket.send(endpoint(2, 4444), bytes("x" + i));
        }
        limited.runUntilIdle();
        assertEquals(20, limited.host(2).counters().received());
        assertEquals(3, limited.host(2).counters().icmpOut(), "the burst");
        assertEquals(17, limited.host(2).counters().dropped(HostDropReason.ICMP_RATE_LIMITED));

        limited.driver.runFor(1_000_000_000L); // one second refills 10 tokens
        for (int i = 0; i < 20; i++) {
          socket.send(endpoint(2, 4444), bytes("y" + i));
        }
        limited.runUntilIdle();
        assertEquals(3 + 3, limited.host(2).counters().icmpOut(),
            "the bucket holds at most its burst");
        assertEquals(40, limited.host(2).counters().received());
      }
    }

    @Test
    void refillsAtTheConfiguredRate() throws IOException {
      try (UdpSimulation limited = UdpSimulation.clean()) {
        UdpService sender = limited.addHost();
        limited.addHost(limited.nextHostConfig().icmpErrorRate(10, 1));
        UdpSocket socket = sender.openEphemeral();
        // One datagram every 50 ms for one second: tokens come every 100 ms, so about half pass.
        for (int i = 0; i < 20; i++) {
          socket.send(endpoint(2, 4444), bytes("x"));
          limited.driver.runFor(50_000_000L);
        }
        limited.runUntilIdle();
        assertEquals(10, limited.host(2).counters().icmpOut());
        assertEquals(10, limited.host(2).counters().dropped(HostDropReason.ICMP_RATE_LIMITED));
      }
    }

    @Test
    void fitsTheIcmpErrorIntoASmallMtu() throws IOException {
      try (UdpSimulation small = new UdpSimulation(1,
          org.minitransport.core.net.sim.LinkConfig.builder().mtu(100).build())) {
        UdpService sender = small.addHost();
        small.addHost();
        UdpSocket socket = sender.open(endpoint(1, 7000));
        socket.connect(endpoint(2, 4444));
        socket.send(new byte[sender.maxPayload()]); // a full 100-byte packet to an unbound port
        small.runUntilIdle();
        assertEquals(1, small.host(2).counters().icmpOut());
        assertEquals(1, small.host(1).counters().icmpIn());
        assertThrows(PortUnreachableException.class, socket::tryReceive);
      }
    }
  }

  @Test
  void receivedDatagramComparesByContent() {
    ReceivedDatagram one = new ReceivedDatagram(endpoint(1, 5), bytes("x"));
    assertEquals(one, new ReceivedDatagram(endpoint(1, 5), bytes("x")));
    assertEquals(one.hashCode(), new ReceivedDatagram(endpoint(1, 5), bytes("x")).hashCode());
    assertNotNull(one.toString());
    assertTrue(!one.equals(new ReceivedDatagram(endpoint(1, 6), bytes("x"))));
  }
}
