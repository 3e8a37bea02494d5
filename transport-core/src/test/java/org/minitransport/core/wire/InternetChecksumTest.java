package org.minitransport.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.minitransport.core.wire.HandBuiltPackets.hex;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;

class InternetChecksumTest {

  /** RFC 1071 §3, "Numerical Examples": 00 01 f2 03 f4 f5 f6 f7 sums to ddf2. */
  private static final byte[] RFC1071_EXAMPLE = hex("00 01 f2 03 f4 f5 f6 f7");

  @Nested
  class KnownAnswers {

    @Test
    void rfc1071ExampleSumsToDdf2() {
      assertEquals(0xddf2, InternetChecksum.fold(InternetChecksum.sum(0, RFC1071_EXAMPLE, 0, 8)));
    }

    @Test
    void rfc1071ExampleChecksumIs220d() {
      assertEquals(0x220d, InternetChecksum.compute(RFC1071_EXAMPLE, 0, 8));
    }

    @Test
    void wikipediaIpv4HeaderChecksumIsB861() {
      byte[] header = hex("4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7");
      assertEquals(0xb861, InternetChecksum.compute(header, 0, header.length));
    }

    @Test
    void emptyRegionChecksumIsAllOnes() {
      assertEquals(0xFFFF, InternetChecksum.compute(new byte[0], 0, 0));
    }

    @Test
    void regionHoldingItsOwnChecksumFinishesAtZero() {
      byte[] region = hex("00 01 f2 03 f4 f5 f6 f7 22 0d");
      assertEquals(0xFFFF, InternetChecksum.fold(InternetChecksum.sum(0, region, 0, region.length)));
      assertEquals(0, InternetChecksum.compute(region, 0, region.length));
    }
  }

  @Nested
  class OddLengths {

    @Test
    void singleBytePadsWithZeroOnTheRight() {
      assertEquals(0xAB00, InternetChecksum.fold(InternetChecksum.sum(0, hex("ab"), 0, 1)));
    }

    @Test
    void threeBytesPadTheLastOne() {
      // 0x0001 + 0xf200 = 0xf201, complement 0x0dfe.
      assertEquals(0x0dfe, InternetChecksum.compute(RFC1071_EXAMPLE, 0, 3));
    }

    @Test
    void sevenBytesAtAnOddOffset() {
      byte[] shifted = hex("ff 00 01 f2 03 f4 f5 f6");
      // 0001 + f203 + f4f5 + f600 = 0x2dcf9 -> 0xdcfb, complement 0x2304.
      assertEquals(0x2304, InternetChecksum.compute(shifted, 1, 7));
    }
  }

  @Nested
  class PseudoHeader {

    private final Ipv4Address source = Ipv4Address.parse("192.168.0.1");
    private final Ipv4Address destination = Ipv4Address.parse("192.168.0.199");

    @Test
    void pseudoHeaderSumEqualsTheSumOfItsTwelveBytes() {
      byte[] pseudo = hex("c0a8 0001 c0a8 00c7 00 11 000a");
      assertEquals(
          InternetChecksum.fold(InternetChecksum.sum(0, pseudo, 0, 12)),
          InternetChecksum.fold(InternetChecksum.pseudoHeaderSum(source, destination, 17, 10)));
    }

    @Test
    void pseudoHeaderKnownAnswer() {
      // c0a8 + 0001 + c0a8 + 00c7 + 0011 + 000a = 0x18233 -> 0x8234.
      assertEquals(0x8234,
          InternetChecksum.fold(InternetChecksum.pseudoHeaderSum(source, destination, 17, 10)));
    }

    @Test
    void transportChecksumMakesTheSegmentVerify() {
      byte[] udp = hex("1f90 0035 000a 0000 6869");
      int checksum = InternetChecksum.transportChecksum(source, destination, 17, udp, 0, udp.length);
      HandBuiltPackets.put16(udp, 6, checksum);
      assertEquals(0,
          InternetChecksum.transportChecksum(source, destination, 17, udp, 0, udp.length));
    }
  }

  @Nested
  class SplitSums {

    @Test
    void sumOverEvenAlignedPiecesEqualsSumOverTheWhole() {
      byte[] data = new byte[101];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) (i * 37 + 11);
      }
      int whole = InternetChecksum.fold(InternetChecksum.sum(0, data, 0, data.length));
      for (int split = 0; split <= data.length; split += 2) {
        long first = InternetChecksum.sum(0, data, 0, split);
        long both = InternetChecksum.sum(first, data, split, data.length - split);
        assertEquals(whole, InternetChecksum.fold(both), "split at " + split);
      }
    }

    @Test
    void aHugeInitialSumDoesNotOverflow() {
      byte[] ones = new byte[65_536];
      java.util.Arrays.fill(ones, (byte) 0xFF);
      long initial = Long.MAX_VALUE - 5;
      long expected = InternetChecksum.fold(initial)
          + (long) InternetChecksum.fold(InternetChecksum.sum(0, ones, 0, ones.length));
      assertEquals(InternetChecksum.fold(expected),
          InternetChecksum.fold(InternetChecksum.sum(initial, ones, 0, ones.length)));
    }

    @Test
    void foldAppliesEndAroundCarryRepeatedly() {
      assertEquals(0x0002, InternetChecksum.fold(0xFFFF_0002L));
      assertEquals(0xFFFF, InternetChecksum.fold(0xFFFFL));
      // 0x1FFFE + 0x0001 = 0x1FFFF, then 0xFFFF + 0x1 = 0x10000, then 0x0000 + 0x1.
      assertEquals(0x0001, InternetChecksum.fold(0x1_FFFE_0001L));
    }
  }
}
