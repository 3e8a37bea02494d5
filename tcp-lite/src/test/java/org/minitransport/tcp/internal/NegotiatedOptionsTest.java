package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.tcp.SeqNum;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.component.TcpReceiverMessage;
import org.minitransport.tcp.wire.SackBlock;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpHeader;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tcp.wire.TcpTimestamps;

/**
 * The option rules of one connection's handshake and the per-segment rules that follow: an option
 * is in use only when both SYNs carry it (RFC 7323 §2.2, §3.2; RFC 2018 §2), the MSS clamps (RFC
 * 9293 §3.7.1, RFC 6691), the window-scale cap of 14 (RFC 7323 §2.3), RTT samples from echoed
 * timestamps (§4.1), TS.Recent and PAWS (§4.3, §5.3, §5.5).
 */
class NegotiatedOptionsTest {

  static final long MS = 1_000_000L;
  static final int OUR_MSS = 1460;
  /** 200,000 bytes need a shift of 2 to fit 16 bits. */
  static final int BUFFER = 200_000;

  static final TcpOptions EVERYTHING = TcpOptions.NONE.withMss(1000).withWindowScale(5)
      .withSackPermitted(true).withTimestamps(7_000, 0);

  private static TcpConfig.Builder config() {
    return TcpConfig.builder().receiveBufferBytes(BUFFER);
  }

  private static NegotiatedOptions negotiated(TcpConfig.Builder config, TcpOptions peer) {
    NegotiatedOptions options = new NegotiatedOptions(config.build(), OUR_MSS);
    options.negotiate(peer, 0);
    return options;
  }

  private static TcpHeader segment(long seq, boolean ack, int window, TcpOptions options) {
    return new TcpHeader(80, 40_000, seq, ack ? 77 : 0,
        TcpFlags.of(ack ? TcpFlags.ACK : 0), window, 0, options);
  }

  private static TcpHeader withTs(long tsVal, long tsEcr) {
    return segment(1, true, 100, TcpOptions.NONE.withTimestamps(tsVal, tsEcr));
  }

  /** The TSecr this side would send now: TS.Recent. */
  private static long echoed(NegotiatedOptions options) {
    return options.forSegment(0, List.of()).timestamps().orElseThrow().tsEcr();
  }

  @Nested
  class Negotiation {

    @Test
    void everyOptionIsUsedWhenBothSidesOfferIt() {
      NegotiatedOptions options = new NegotiatedOptions(config().build(), OUR_MSS);
      assertEquals(1000 - 12, options.negotiate(EVERYTHING, 0), "the smaller MSS less 12 bytes");
      assertEquals(5, options.sendShift(), "the peer's shift scales its windows");
      assertEquals(2, options.receiveShift(), "ours scales the windows we send");
      assertTrue(options.sackPermitted());
      assertTrue(options.timestamps());
      assertEquals("mss=988 wscale=5/2 sack=true ts=true", options.describe(988));
    }

    @Test
    void noOptionIsUsedWhenOnlyWeOfferIt() {
      NegotiatedOptions options = new NegotiatedOptions(config().build(), OUR_MSS);
      assertEquals(536, options.negotiate(TcpOptions.NONE, 0),
          "536 when the peer's SYN carries no MSS (RFC 9293 §3.7.1)");
      assertEquals(0, options.sendShift());
      assertEquals(0, options.receiveShift(), "no scaling of ours either (RFC 7323 §2.2)");
      assertFalse(options.sackPermitted());
      assertFalse(options.timestamps());
      assertEquals("mss=536 wscale=off sack=false ts=false", options.describe(536));
    }

    @Test
    void noOptionIsUsedWhenOnlyThePeerOffersIt() {
      NegotiatedOptions options = negotiated(
          config().windowScaling(false).sack(false).timestamps(false), EVERYTHING);
      assertEquals(0, options.sendShift());
      assertEquals(0, options.receiveShift());
      assertFalse(options.sackPermitted());
      assertFalse(options.timestamps());
      assertEquals(0, options.forSegment(5_000 * MS, List.of(new SackBlock(1, 2)))
          .encodedLength(), "no timestamps and no SACK blocks on later segments");
    }

    @Test
    void eachOptionIsSettledOnItsOwn() {
      NegotiatedOptions onlySack = negotiated(config(),
          TcpOptions.NONE.withMss(1000).withSackPermitted(true));
      assertTrue(onlySack.sackPermitted());
      assertFalse(onlySack.timestamps());
      assertEquals(0, onlySack.sendShift());
      NegotiatedOptions onlyScale = negotiated(config(),
          TcpOptions.NONE.withMss(1000).withWindowScale(0));
      assertEquals("mss=1000 wscale=0/2 sack=false ts=false", onlyScale.describe(1000),
          "a shift of 0 still turns scaling on: ours applies");
    }

    @Test
    void theMssIsTheSmallerOneLessTheTimestampOptionAndNeverBelow32() {
      NegotiatedOptions options = new NegotiatedOptions(config().build(), OUR_MSS);
      assertEquals(OUR_MSS, options.negotiate(TcpOptions.NONE.withMss(9000), 0));
      assertEquals(OUR_MSS - 12, options.negotiate(TcpOptions.NONE.withMss(9000)
          .withTimestamps(1, 0), 0));
      assertEquals(32, options.negotiate(TcpOptions.NONE.withMss(20), 0),
          "an absurd MSS is clamped, never zero or negative");
    }

    @Test
    void theShiftForOurBufferIsTheSmallestThatFits16BitsCappedAt14() {
      assertEquals(0, NegotiatedOptions.windowShiftFor(65_535));
      assertEquals(1, NegotiatedOptions.windowShiftFor(65_536));
      assertEquals(1, NegotiatedOptions.windowShiftFor(131_071));
      assertEquals(2, NegotiatedOptions.windowShiftFor(131_072));
      assertEquals(14, NegotiatedOptions.windowShiftFor(Integer.MAX_VALUE),
          "RFC 7323 §2.3: never more than 14, even if the buffer does not fit");
    }

    @Test
    void maxSackBlocksLeavesRoomForTimestamps() {
      assertEquals(3, negotiated(config(), EVERYTHING).maxSackBlocks());
      assertEquals(4, negotiated(config().timestamps(false), EVERYTHING).maxSackBlocks());
    }
  }

  @Nested
  class SynOptions {

    @Test
    void anActiveOpenOffersWhatTheConfigurationEnables() {
      NegotiatedOptions options = new NegotiatedOptions(config().build(), OUR_MSS);
      TcpOptions syn = options.forSyn(false, 1_500 * MS);
      assertEquals(OptionalInt.of(OUR_MSS), syn.mss());
      assertEquals(OptionalInt.of(2), syn.windowScale());
      assertTrue(syn.sackPermitted());
      assertEquals(Optional.of(new TcpTimestamps(1_500, 0)), syn.timestamps(),
          "TSval from the millisecond clock, TSecr 0 (nothing to echo yet)");
    }

    @Test
    void anActiveOpenOffersNothingTheConfigurationDisables() {
      TcpOptions syn = new NegotiatedOptions(
          config().windowScaling(false).sack(false).timestamps(false).build(), OUR_MSS)
          .forSyn(false, 0);
      assertEquals(TcpOptions.NONE.withMss(OUR_MSS), syn);
    }

    @Test
    void aSynAckAnswersOnlyWhatThePeersSynOffered() {
      assertEquals(TcpOptions.NONE.withMss(OUR_MSS),
          negotiated(config(), TcpOptions.NONE.withMss(1000)).forSyn(true, 0));
      TcpOptions sackOnly = negotiated(config(),
          TcpOptions.NONE.withMss(1000).withSackPermitted(true)).forSyn(true, 0);
      assertTrue(sackOnly.sackPermitted());
      assertTrue(sackOnly.timestamps().isEmpty());
      assertTrue(sackOnly.windowScale().isEmpty());
      TcpOptions tsOnly = negotiated(config(),
          TcpOptions.NONE.withMss(1000).withTimestamps(7_000, 0)).forSyn(true, 2_000 * MS);
      assertFalse(tsOnly.sackPermitted());
      assertEquals(Optional.of(new TcpTimestamps(2_000, 7_000)), tsOnly.timestamps(),
          "the SYN-ACK echoes the SYN's TSval");
    }

    @Test
    void aSynAckDoesNotAnswerWhatTheConfigurationDisables() {
      TcpOptions synAck = negotiated(config().sack(false).timestamps(false), EVERYTHING)
          .forSyn(true, 0);
      assertFalse(synAck.sackPermitted());
      assertTrue(synAck.timestamps().isEmpty());
      assertEquals(OptionalInt.of(2), synAck.windowScale());
    }
  }

  @Nested
  class Windows {

    @Test
    void laterWindowsAreScaledByThePeersShiftButASynsIsNot() {
      NegotiatedOptions options = negotiated(config(), EVERYTHING);
      TcpHeader h = segment(1, true, 1000, TcpOptions.NONE);
      assertEquals(1000L << 5, options.receiverMessage(h, true).windowBytes());
      assertEquals(1000, options.receiverMessage(h, false).windowBytes(),
          "RFC 7323 §2.2: the window of a SYN is never scaled");
    }

    @Test
    void theAckFieldIsPassedOnlyWithTheAckFlag() {
      NegotiatedOptions options = negotiated(config(), EVERYTHING);
      assertEquals(Optional.of(SeqNum.ofUnsigned(77)),
          options.receiverMessage(segment(1, true, 10, TcpOptions.NONE), true).ackno());
      assertEquals(Optional.empty(),
          options.receiverMessage(segment(1, false, 10, TcpOptions.NONE), true).ackno());
    }

    @Test
    void sackBlocksReachTheSenderOnlyWhenSackWasNegotiated() {
      List<SackBlock> blocks = List.of(new SackBlock(100, 200));
      TcpHeader h = segment(1, true, 10, TcpOptions.NONE.withSackBlocks(blocks));
      TcpReceiverMessage withSack = negotiated(config(), EVERYTHING).receiverMessage(h, true);
      assertEquals(blocks, withSack.sackBlocks());
      TcpReceiverMessage without = negotiated(config().sack(false), EVERYTHING)
          .receiverMessage(h, true);
      assertEquals(List.of(), without.sackBlocks());
    }

    @Test
    void laterSegmentsCarrySackBlocksOnlyWhenThereAreAny() {
      NegotiatedOptions options = negotiated(config(), EVERYTHING);
      List<SackBlock> blocks = List.of(new SackBlock(100, 200));
      assertEquals(blocks, options.forSegment(0, blocks).sackBlocks());
      assertEquals(List.of(), options.forSegment(0, List.of()).sackBlocks());
    }
  }

  @Nested
  class RttFromTimestamps {

    private final NegotiatedOptions options = negotiated(config(), EVERYTHING);

    @Test
    void isTheTimeSinceTheEchoedTsval() {
      assertEquals(500 * MS, options.rttSampleNs(withTs(9, 1_000), 1_500 * MS));
      assertEquals(1_000L, options.echoedTimestampMs(withTs(9, 1_000), 1_500 * MS),
          "the echoed TSval as a time on our clock");
      assertEquals(500 * MS, options.ackDetails(withTs(9, 1_000), true, 1_500 * MS)
          .rttSampleNs());
    }

    @Test
    void isAtLeastOneMillisecond() {
      assertEquals(MS, options.rttSampleNs(withTs(9, 1_500), 1_500 * MS));
    }

    @Test
    void spansTheWrapOfThe32BitClock() {
      long nowNs = ((1L << 32) + 100) * MS; // the clock reads 100 again
      assertEquals(100, NegotiatedOptions.tsClock(nowNs));
      long tsEcr = (1L << 32) - 400; // sent 500 ms ago, before the wrap
      assertEquals(500 * MS, options.rttSampleNs(withTs(9, tsEcr), nowNs));
      assertEquals((1L << 32) + 100 - 500, options.echoedTimestampMs(withTs(9, tsEcr), nowNs));
    }

    @Test
    void acceptsAnEchoUpToHalfTheClockOld() {
      long nowNs = (0x8000_0000L + 1) * MS;
      assertEquals(0x7FFF_FFFFL * MS, options.rttSampleNs(withTs(9, 2), nowNs));
      assertEquals(-1, options.rttSampleNs(withTs(9, 1), nowNs),
          "2^31 ms is as likely the future as the past");
    }

    @Test
    void noSampleWithoutTimestampsOrForAnEchoOfZeroOrFromTheFuture() {
      assertEquals(-1, options.rttSampleNs(segment(1, true, 10, TcpOptions.NONE), 5_000 * MS));
      assertEquals(-1, options.rttSampleNs(withTs(9, 0), 5_000 * MS),
          "TSecr 0: the peer echoes nothing yet");
      assertEquals(-1, options.rttSampleNs(withTs(9, 6_000), 5_000 * MS));
      assertEquals(-1, options.echoedTimestampMs(withTs(9, 6_000), 5_000 * MS));
      NegotiatedOptions off = negotiated(config().timestamps(false), EVERYTHING);
      assertEquals(-1, off.rttSampleNs(withTs(9, 1_000), 1_500 * MS));
      assertEquals(-1, off.echoedTimestampMs(withTs(9, 1_000), 1_500 * MS));
    }

    @Test
    void theClockTicksInMilliseconds() {
      assertEquals(1_500, NegotiatedOptions.tsClock(1_500 * MS + 999_999));
      assertEquals(0, NegotiatedOptions.tsClock((1L << 32) * MS));
    }
  }

  @Nested
  class TsRecentAndPaws {

    private final NegotiatedOptions options = negotiated(config(), EVERYTHING);

    @Test
    void theSynsTsvalIsTheFirstTsRecent() {
      assertEquals(7_000, echoed(options));
      assertTrue(options.pawsRejects(withTs(6_999, 0), 0));
      assertFalse(options.pawsRejects(withTs(7_000, 0), 0), "an equal TSval is not older");
      assertFalse(options.pawsRejects(withTs(7_001, 0), 0));
    }

    @Test
    void aTsvalOfZeroIsAValidTsRecent() {
      NegotiatedOptions zero = negotiated(config(), EVERYTHING.withTimestamps(0, 0));
      assertTrue(zero.pawsRejects(withTs(0xFFFF_FFF0L, 0), 0),
          "2^32 - 16 is before 0 in serial order");
    }

    @Test
    void pawsIsOffWithoutTimestampsAndSparesASegmentWithoutThem() {
      assertFalse(options.pawsRejects(segment(1, true, 10, TcpOptions.NONE), 0));
      NegotiatedOptions off = negotiated(config().timestamps(false), EVERYTHING);
      assertFalse(off.pawsRejects(withTs(1, 0), 0));
    }

    @Test
    void tsRecentStaysValidFor24DaysWithoutAnUpdate() {
      long lifetime = NegotiatedOptions.TS_RECENT_LIFETIME_NS;
      assertTrue(options.pawsRejects(withTs(6_999, 0), lifetime), "valid up to 24 days");
      assertFalse(options.pawsRejects(withTs(6_999, 0), lifetime + 1), "then forgotten");
      options.updateTsRecent(withTs(6_999, 0), 1, 0, 1, lifetime + 1);
      assertEquals(6_999, echoed(options), "an expired TS.Recent takes even an older TSval");
    }

    @Test
    void isUpdatedByASegmentThatCoversLastAckSent() {
      // Last.ACK.sent = 100.
      options.updateTsRecent(withTs(7_100, 0), 100, 0, 100, 0);
      assertEquals(7_100, echoed(options), "a pure ACK at exactly Last.ACK.sent");
      options.updateTsRecent(withTs(7_200, 0), 99, 0, 100, 0);
      assertEquals(7_100, echoed(options), "a pure ACK below it covers nothing");
      options.updateTsRecent(withTs(7_300, 0), 101, 0, 100, 0);
      assertEquals(7_100, echoed(options), "nor one above it");
      options.updateTsRecent(withTs(7_400, 0), 100, 5, 100, 0);
      assertEquals(7_400, echoed(options), "data starting at Last.ACK.sent");
      options.updateTsRecent(withTs(7_500, 0), 95, 5, 100, 0);
      assertEquals(7_400, echoed(options), "data ending just before it");
      options.updateTsRecent(withTs(7_600, 0), 96, 5, 100, 0);
      assertEquals(7_600, echoed(options), "data whose last octet is Last.ACK.sent");
      options.updateTsRecent(withTs(7_700, 0), 101, 5, 100, 0);
      assertEquals(7_600, echoed(options), "data after it");
    }

    @Test
    void isNotMovedBackByAnOlderTsvalNorBySegmentsWithoutTimestamps() {
      options.updateTsRecent(withTs(6_000, 0), 100, 0, 100, 0);
      assertEquals(7_000, echoed(options));
      options.updateTsRecent(segment(100, true, 10, TcpOptions.NONE), 100, 0, 100, 0);
      assertEquals(7_000, echoed(options));
      options.updateTsRecent(withTs(7_000, 0), 100, 0, 100, 0);
      assertEquals(7_000, echoed(options), "an equal TSval is taken (not older)");
    }

    @Test
    void laterSegmentsCarryOurClockAndTsRecent() {
      assertEquals(Optional.of(new TcpTimestamps(3_000, 7_000)),
          options.forSegment(3_000 * MS, List.of()).timestamps());
    }
  }
}
