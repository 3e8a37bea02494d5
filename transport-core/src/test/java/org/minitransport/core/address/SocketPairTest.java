package org.minitransport.core.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SocketPairTest {

  private final Endpoint client = Endpoint.of("10.0.0.1", 49_152);
  private final Endpoint server = Endpoint.of("10.0.0.2", 80);

  @Test
  void reversedSwapsLocalAndRemote() {
    SocketPair pair = new SocketPair(client, server);
    assertEquals(new SocketPair(server, client), pair.reversed());
    assertEquals(pair, pair.reversed().reversed());
  }

  @Test
  void isNotEqualToItsReverse() {
    assertNotEquals(new SocketPair(client, server), new SocketPair(server, client));
  }

  @Test
  void formatsBothEnds() {
    assertEquals("10.0.0.1:49152 <-> 10.0.0.2:80", new SocketPair(client, server).toString());
  }

  @Test
  void rejectsMissingEndsNamingWhich() {
    assertEquals("local",
        assertThrows(NullPointerException.class, () -> new SocketPair(null, server)).getMessage());
    assertEquals("remote",
        assertThrows(NullPointerException.class, () -> new SocketPair(client, null)).getMessage());
  }

  @Test
  void equalPairsHashAlikeSoTheyCanKeyAMap() {
    SocketPair a = new SocketPair(Endpoint.parse("10.0.0.1:1234"), Endpoint.parse("10.0.0.2:80"));
    SocketPair b = new SocketPair(client.withPort(1234), server);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
  }
}
