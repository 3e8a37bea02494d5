package org.minitransport.demo.apps.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.core.wire.DecodeError;
import org.minitransport.core.wire.DecodeException;

class TimeMessagesTest {

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Nested
  class Request {
    @Test
    void encodesAsTimeAndTheId() {
      assertEquals("TIME 42", new String(new TimeRequest(42).encode(), StandardCharsets.US_ASCII));
    }

    @Test
    void decodesWithOrWithoutATrailingLineEnd() throws DecodeException {
      assertEquals(new TimeRequest(7), TimeRequest.decode(ascii("TIME 7")));
      assertEquals(new TimeRequest(7), TimeRequest.decode(ascii("TIME 7\n")));
      assertEquals(new TimeRequest(4294967295L), TimeRequest.decode(ascii("TIME 4294967295\r\n")));
    }

    @Test
    void rejectsOtherKeywordsAndMalformedIds() {
      assertEquals(DecodeError.UNSUPPORTED,
          assertThrows(DecodeException.class, () -> TimeRequest.decode(ascii("time 7"))).error());
      assertThrows(DecodeException.class, () -> TimeRequest.decode(ascii("TIME -1")));
      assertThrows(DecodeException.class, () -> TimeRequest.decode(ascii("TIME 4294967296")));
      assertThrows(DecodeException.class, () -> TimeRequest.decode(ascii("TIME 12345678901")));
      assertThrows(DecodeException.class, () -> TimeRequest.decode(ascii("TIME ")));
    }

    @Test
    void rejectsMissingOrExtraFields() {
      assertEquals(DecodeError.TRUNCATED,
          assertThrows(DecodeException.class, () -> TimeRequest.decode(ascii("TIME"))).error());
      assertEquals(DecodeError.TRUNCATED,
          assertThrows(DecodeException.class, () -> TimeRequest.decode(new byte[0])).error());
      assertEquals(DecodeError.BAD_LENGTH,
          assertThrows(DecodeException.class, () -> TimeRequest.decode(ascii("TIME 1 2")))
              .error());
    }

    @Test
    void rejectsNonAsciiAndOversizedPayloads() {
      assertThrows(DecodeException.class, () -> TimeRequest.decode(new byte[] {'T', (byte) 0xC3}));
      assertEquals(DecodeError.BAD_LENGTH, assertThrows(DecodeException.class,
          () -> TimeRequest.decode(new byte[TimeFields.MAX_PAYLOAD + 1])).error());
    }

    @Test
    void refusesToBuildAnIdOutsideItsRange() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new TimeRequest(-1));
      assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }
  }

  @Nested
  class Reply {
    @Test
    void encodesIdMillisAndTheIsoInstant() {
      TimeReply reply = TimeReply.answering(new TimeRequest(7),
          Instant.parse("2025-11-25T14:52:17.123Z"));
      assertEquals("TIME 7 1764082337123 2025-11-25T14:52:17.123Z",
          new String(reply.encode(), StandardCharsets.US_ASCII));
    }

    @Test
    void decodesWhatItEncodes() throws DecodeException {
      TimeReply reply = new TimeReply(99, 1_700_000_000_000L);
      assertEquals(reply, TimeReply.decode(reply.encode()));
    }

    @Test
    void rejectsAnInstantThatDisagreesWithTheMillis() {
      DecodeException e = assertThrows(DecodeException.class,
          () -> TimeReply.decode(ascii("TIME 7 1764082337123 2025-11-25T14:52:18.123Z")));
      assertTrue(e.getMessage().contains("disagrees"), e.getMessage());
    }

    @Test
    void rejectsNegativeOrNonNumericMillis() {
      assertThrows(DecodeException.class,
          () -> TimeReply.decode(ascii("TIME 7 -5 1969-12-31T23:59:59.995Z")));
      assertThrows(DecodeException.class,
          () -> TimeReply.decode(ascii("TIME 7 soon 2025-11-25T14:52:18.123Z")));
    }

    @Test
    void aRequestIsNotAReply() {
      assertEquals(DecodeError.TRUNCATED,
          assertThrows(DecodeException.class, () -> TimeReply.decode(ascii("TIME 7"))).error());
    }
  }
}
