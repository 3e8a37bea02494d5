package org.minitransport.demo.apps;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minitransport.core.wire.DecodeException;

class NetstatProtocolProperties {

  @Test
  void decodingArbitraryBytesOnlyEverThrowsDecodeException() {
    qt().withExamples(2000)
        .forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 64),
            strings().basicLatinAlphabet().ofLengthBetween(0, 24))
        .checkAssert((bytes, prefix) -> {
          byte[] tail = new byte[bytes.size()];
          for (int i = 0; i < tail.length; i++) {
            tail[i] = (byte) (int) bytes.get(i);
          }
          byte[] head = ("NETSTAT " + prefix).getBytes(StandardCharsets.US_ASCII);
          byte[] datagram = new byte[head.length + tail.length];
          System.arraycopy(head, 0, datagram, 0, head.length);
          System.arraycopy(tail, 0, datagram, head.length, tail.length);
          for (byte[] candidate : List.of(tail, datagram)) {
            try {
              NetstatProtocol.decodePart(candidate);
            } catch (DecodeException expected) {
              // the only failure allowed
            }
            try {
              NetstatProtocol.decodeRequest(candidate);
            } catch (DecodeException expected) {
              // the only failure allowed
            }
          }
        });
  }

  @Test
  void splittingAndJoiningGivesBackTheText() {
    qt().withExamples(200)
        .forAll(lists().of(strings().basicLatinAlphabet().ofLengthBetween(0, 300))
                .ofSizeBetween(0, 40),
            integers().between(100, 1472))
        .checkAssert((lines, maxPayload) -> {
          String text = String.join("\n", lines);
          StringBuilder joined = new StringBuilder();
          for (NetstatProtocol.Part part : NetstatProtocol.split("id", text, maxPayload)) {
            byte[] datagram = part.encode();
            if (datagram.length > maxPayload) {
              throw new AssertionError(datagram.length + " bytes > " + maxPayload);
            }
            try {
              joined.append(NetstatProtocol.decodePart(datagram).text());
            } catch (DecodeException e) {
              throw new AssertionError("own part did not decode: " + e.getMessage());
            }
          }
          if (!joined.toString().equals(text)) {
            throw new AssertionError("joined text differs");
          }
        });
  }
}
