package org.minitransport.demo.apps.http;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class HttpRequestProperties {

  /** Bytes drawn mostly from the characters of request heads, so that many nearly parse. */
  private static Gen<byte[]> nearlyRequests() {
    byte[] alphabet = "GET HEAD / HTTP/1.0\r\n:\t ".getBytes(StandardCharsets.ISO_8859_1);
    Gen<Byte> bytes = integers().between(0, alphabet.length + 15).zip(
        integers().between(-128, 127), (pick, any) -> pick < alphabet.length
            ? alphabet[pick] : (byte) (int) any);
    return Generate.byteArrays(integers().between(0, 120), bytes);
  }

  @Test
  void arbitraryBytesEitherParseOrAreRejectedWithAStatus() {
    qt().withExamples(3_000)
        .forAll(nearlyRequests())
        .check(bytes -> {
          int end = HttpRequest.headLength(bytes, bytes.length);
          try {
            HttpRequest.parse(bytes, end < 0 ? bytes.length : end);
          } catch (HttpRequestException e) {
            return e.status() != null;
          }
          return true;
        });
  }

  @Test
  void printableTargetsRoundTripThroughTheRequestLine() {
    qt().withExamples(500)
        .forAll(strings().betweenCodePoints(0x21, 0x7e).ofLengthBetween(0, 40))
        .check(path -> {
          byte[] bytes = ("GET /" + path + " HTTP/1.0\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1);
          try {
            return HttpRequest.parse(bytes, bytes.length).target().equals("/" + path);
          } catch (HttpRequestException e) {
            return false;
          }
        });
  }
}
