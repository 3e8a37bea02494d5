package org.minitransport.tcp.wire;

import static org.minitransport.tcp.wire.Bytes.hex;

import org.minitransport.core.address.Ipv4Address;

/**
 * Segments assembled byte by byte from RFC 9293 §3.1 and checksummed independently of this codec
 * (a separate RFC 1071 computation), for known-answer tests.
 */
final class KnownSegments {

  static final Ipv4Address CLIENT = Ipv4Address.of(192, 168, 1, 2);
  static final Ipv4Address SERVER = Ipv4Address.of(93, 184, 216, 34);

  /**
   * A SYN as Linux sends it, 192.168.1.2:54321 to 93.184.216.34:80: ISN 0xa1b2c3d4, window 64240,
   * options MSS 1460, SACK-permitted, timestamps (TSval 0x000a1b2c, TSecr 0), NOP, window scale 7.
   */
  static byte[] linuxSyn() {
    return hex(
        "d4 31 00 50"      // source port 54321, destination port 80
            + "a1 b2 c3 d4"    // sequence number
            + "00 00 00 00"    // acknowledgment number
            + "a0 02 fa f0"    // data offset 10, reserved 0, SYN, window 64240
            + "00 4b 00 00"    // checksum 0x004b, urgent pointer 0
            + "02 04 05 b4"    // MSS 1460
            + "04 02 08 0a"    // SACK-permitted; timestamps kind and length
            + "00 0a 1b 2c"    // TSval
            + "00 00 00 00"    // TSecr
            + "01 03 03 07");  // NOP; window scale 7
  }

  /**
   * Data from 93.184.216.34:80 back to 192.168.1.2:54321: seq 1000, ack 2000, PSH|ACK, window
   * 502, NOP NOP timestamps (1, 2), payload "hello" (odd length: the checksum pads a zero byte).
   */
  static byte[] helloData() {
    return hex(
        "00 50 d4 31 00 00 03 e8 00 00 07 d0 80 18 01 f6 59 26 00 00"
            + "01 01 08 0a 00 00 00 01 00 00 00 02"
            + "68 65 6c 6c 6f");
  }

  private KnownSegments() {}
}
