package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.SocketPair;
import org.minitransport.tcp.wire.TcpOptions;

/** SYN cookies (RFC 4987 §3.6) in Linux's layout: what a cookie carries and how long it lives. */
class SynCookiesTest {

  private static final SocketPair PAIR = new SocketPair(Endpoint.of("10.0.0.2", 80),
      Endpoint.of("10.0.0.1", 51_000));
  private static final long MINUTE_NS = 60_000_000_000L;
  private final SynCookies cookies = new SynCookies(7, 11);

  @Nested
  class SequenceNumberCookie {

    @Test
    void bringsBackEveryMssIndexForAnyPeerIsn() {
      Random random = new Random(1);
      for (int index = 0; index < SynCookies.MSS_TABLE.length; index++) {
        long peerIsn = random.nextLong() & 0xFFFF_FFFFL;
        long isn = cookies.isn(PAIR, peerIsn, index, 5 * MINUTE_NS);
        assertEquals(OptionalInt.of(index), cookies.check(PAIR, peerIsn, isn, 5 * MINUTE_NS));
      }
    }

    @Test
    void staysValidForOneFullTickAfterTheOneItWasMadeInAsLinuxMaxSyncookieAge() {
      long made = 10 * MINUTE_NS + 59_000_000_000L; // late in tick 10
      long isn = cookies.isn(PAIR, 1234, 3, made);
      assertTrue(cookies.check(PAIR, 1234, isn, 11 * MINUTE_NS + 59_999_999_999L).isPresent(),
          "still valid in the next tick");
      assertFalse(cookies.check(PAIR, 1234, isn, 12 * MINUTE_NS).isPresent(), "two ticks old");
      assertFalse(cookies.check(PAIR, 1234, isn, 300 * MINUTE_NS).isPresent(),
          "the tick wraps every 256 minutes; 290 minutes later is still old");
    }

    @Test
    void failsForAnotherSocketPairPeerIsnOrSecret() {
      long isn = cookies.isn(PAIR, 1234, 2, 0);
      SocketPair otherPort = new SocketPair(PAIR.local(), PAIR.remote().withPort(51_001));
      assertFalse(cookies.check(otherPort, 1234, isn, 0).isPresent());
      // As in Linux the peer's ISN is added in plainly, so an ISN a few below still decodes (to
      // another MSS index): harmless, since the ACK's SEQ must then match that other ISN.
      assertFalse(cookies.check(PAIR, 1234 + 100_000, isn, 0).isPresent());
      assertFalse(new SynCookies(7, 12).check(PAIR, 1234, isn, 0).isPresent());
    }

    @Test
    void randomGuessesAlmostNeverPass() {
      Random random = new Random(2);
      int passed = 0;
      for (int i = 0; i < 100_000; i++) {
        if (cookies.check(PAIR, 1234, random.nextLong() & 0xFFFF_FFFFL, 0).isPresent()) {
          passed++;
        }
      }
      // 8 valid low parts in 2^24 and 2 valid ticks in 256: about 1 in 260 000 per guess.
      assertTrue(passed <= 3, passed + " of 100 000 random cookies passed");
    }

    @Test
    void roundsAnMssDownToATableEntry() {
      assertEquals(0, SynCookies.mssIndexFor(1));
      assertEquals(0, SynCookies.mssIndexFor(535));
      assertEquals(1, SynCookies.mssIndexFor(536));
      assertEquals(4, SynCookies.mssIndexFor(1460));
      assertEquals(4, SynCookies.mssIndexFor(4000));
      assertEquals(6, SynCookies.mssIndexFor(8960));
      assertEquals(7, SynCookies.mssIndexFor(65_535));
    }
  }

  @Nested
  class TimestampCookie {

    @Test
    void carriesWindowScaleAndSackInTheLowSixBitsAndNeverRunsAheadOfTheClock() {
      for (long clock : new long[] {0x1234_5678L, 0x1234_5640L, 63, 0xFFFF_FFFFL}) {
        long tsVal = SynCookies.timestampWithOptions(clock, OptionalInt.of(7), true);
        assertEquals(7 | 16, tsVal & 0x3F);
        assertTrue(((clock - tsVal) & 0xFFFF_FFFFL) < 64, "at most 63 ms behind " + clock);
      }
    }

    @Test
    void theEchoedOptionsComeBackAsTheSynsOptions() {
      long tsVal = SynCookies.timestampWithOptions(5000, OptionalInt.of(9), true);
      TcpOptions ack = TcpOptions.NONE.withTimestamps(777, tsVal);
      Optional<TcpOptions> syn = SynCookies.synOptions(4, ack, true, true, true);
      assertEquals(Optional.of(TcpOptions.NONE.withMss(1460).withWindowScale(9)
          .withSackPermitted(true).withTimestamps(777, 0)), syn);
    }

    @Test
    void noWindowScaleIsMarkedWithAllFourBitsSet() {
      long tsVal = SynCookies.timestampWithOptions(5000, OptionalInt.empty(), false);
      assertEquals(0xF, tsVal & 0x3F);
      TcpOptions syn = SynCookies.synOptions(1, TcpOptions.NONE.withTimestamps(1, tsVal), true,
          true, true).orElseThrow();
      assertTrue(syn.windowScale().isEmpty());
      assertFalse(syn.sackPermitted());
    }

    @Test
    void echoedOptionsThisSideNeverOffersAreRefused() {
      long sack = SynCookies.timestampWithOptions(5000, OptionalInt.empty(), true);
      assertTrue(SynCookies.synOptions(1, TcpOptions.NONE.withTimestamps(1, sack), true, false,
          true).isEmpty(), "SACK while SACK is off");
      long scaled = SynCookies.timestampWithOptions(5000, OptionalInt.of(3), false);
      assertTrue(SynCookies.synOptions(1, TcpOptions.NONE.withTimestamps(1, scaled), false, true,
          true).isEmpty(), "a window scale while scaling is off");
      assertTrue(SynCookies.synOptions(1, TcpOptions.NONE.withTimestamps(1, 0x3E), true, true,
          true).isEmpty(), "bit 5 is Linux's ECN bit, never offered here");
    }

    @Test
    void withoutTimestampsOnlyTheMssComesBack() {
      assertEquals(Optional.of(TcpOptions.NONE.withMss(536)),
          SynCookies.synOptions(1, TcpOptions.NONE, true, true, true));
    }
  }
}
