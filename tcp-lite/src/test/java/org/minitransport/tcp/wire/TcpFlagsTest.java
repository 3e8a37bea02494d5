package org.minitransport.tcp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class TcpFlagsTest {

  @Test
  void bitsMatchTheirPositionsInByte13() {
    // RFC 9293 §3.1: CWR ECE URG ACK PSH RST SYN FIN from the most significant bit down.
    assertEquals(0x80, TcpFlags.CWR);
    assertEquals(0x40, TcpFlags.ECE);
    assertEquals(0x20, TcpFlags.URG);
    assertEquals(0x10, TcpFlags.ACK);
    assertEquals(0x08, TcpFlags.PSH);
    assertEquals(0x04, TcpFlags.RST);
    assertEquals(0x02, TcpFlags.SYN);
    assertEquals(0x01, TcpFlags.FIN);
  }

  @Test
  void eachBooleanAccessorReadsExactlyItsOwnBit() {
    List<Predicate<TcpFlags>> accessors = List.of(
        TcpFlags::fin, TcpFlags::syn, TcpFlags::rst, TcpFlags::psh,
        TcpFlags::ack, TcpFlags::urg, TcpFlags::ece, TcpFlags::cwr);
    for (int bit = 0; bit < 8; bit++) {
      TcpFlags only = TcpFlags.of(1 << bit);
      TcpFlags allBut = TcpFlags.of(0xFF & ~(1 << bit));
      for (int accessor = 0; accessor < 8; accessor++) {
        assertEquals(accessor == bit, accessors.get(accessor).test(only), "bit " + bit);
        assertEquals(accessor != bit, accessors.get(accessor).test(allBut), "bit " + bit);
      }
    }
  }

  @Test
  void readsAsTheSetBitsFromFinUpward() {
    assertEquals("SYN|ACK", TcpFlags.of(TcpFlags.SYN | TcpFlags.ACK).toString());
    assertEquals("FIN|PSH|ACK", TcpFlags.of(TcpFlags.ACK | TcpFlags.PSH | TcpFlags.FIN).toString());
    assertEquals("FIN|SYN|RST|PSH|ACK|URG|ECE|CWR", TcpFlags.of(0xFF).toString());
    assertEquals("NONE", TcpFlags.NONE.toString());
  }

  @Test
  void withAndWithoutSetAndClearBits() {
    TcpFlags synAck = TcpFlags.of(TcpFlags.SYN).with(TcpFlags.ACK);
    assertTrue(synAck.has(TcpFlags.SYN | TcpFlags.ACK));
    assertFalse(synAck.without(TcpFlags.SYN).syn());
    assertEquals(TcpFlags.of(TcpFlags.ACK), synAck.without(TcpFlags.SYN));
    assertFalse(synAck.has(TcpFlags.SYN | TcpFlags.FIN));
  }

  @Test
  void rejectsBitsThatDoNotFitInOneByte() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TcpFlags.of(0x100));
    assertTrue(e.getMessage().contains("0x100"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TcpFlags.of(-1));
  }
}
