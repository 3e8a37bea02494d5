package org.minitransport.demo.apps.time;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;
import org.minitransport.core.wire.DecodeException;
import org.quicktheories.generators.Generate;

class TimeMessageProperties {

  @Test
  void everyRequestIdRoundTrips() {
    qt().withExamples(1_000)
        .forAll(longs().between(0, TimeRequest.MAX_ID))
        .check(id -> {
          try {
            return TimeRequest.decode(new TimeRequest(id).encode()).id() == id;
          } catch (DecodeException e) {
            return false;
          }
        });
  }

  @Test
  void everyReplyRoundTrips() {
    qt().withExamples(1_000)
        .forAll(longs().between(0, TimeRequest.MAX_ID), longs().between(0, 999_999_999_999_999L))
        .check((id, millis) -> {
          TimeReply reply = new TimeReply(id, millis);
          try {
            return TimeReply.decode(reply.encode()).equals(reply);
          } catch (DecodeException e) {
            return false;
          }
        });
  }

  @Test
  void arbitraryBytesOnlyEverFailWithDecodeException() {
    qt().withExamples(2_000)
        .forAll(Generate.byteArrays(integers().between(0, 150),
            Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 'T')))
        .check(bytes -> {
          try {
            TimeRequest.decode(bytes);
          } catch (DecodeException expected) {
            // the only failure allowed
          }
          try {
            TimeReply.decode(bytes);
          } catch (DecodeException expected) {
            // the only failure allowed
          }
          return true;
        });
  }
}
