package org.minitransport.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.quicktheories.core.Gen;

class Ipv4HeaderProperties {

  static final Gen<Ipv4Address> ADDRESSES = integers().all().map(Ipv4Address::new);

  /** Every valid header: each field anywhere in its range. */
  static final Gen<Ipv4Header> HEADERS = random -> new Ipv4Header(
      integers().between(0, 255).generate(random),
      integers().between(0, 65_535).generate(random),
      booleans().all().generate(random),
      integers().between(0, 255).generate(random),
      integers().between(0, 255).generate(random),
      ADDRESSES.generate(random),
      ADDRESSES.generate(random));

  @Test
  void parseOfEmitIsIdentityForEveryValidHeader() {
    qt().withExamples(300)
        .forAll(HEADERS, integers().between(0, Ipv4Header.MAX_PAYLOAD_LENGTH))
        .checkAssert((header, payloadLength) -> {
          byte[] buffer = new byte[Ipv4Header.LENGTH + payloadLength];
          header.emit(buffer, 0, payloadLength);
          Ipv4Packet packet = Decoding.valid(() -> Ipv4Packet.check(buffer, 0, buffer.length));
          assertEquals(header, Ipv4Header.parse(packet));
          assertEquals(buffer.length, packet.totalLength());
          assertEquals(Ipv4Header.LENGTH, packet.payloadOffset());
          assertEquals(payloadLength, packet.payloadLength());
        });
  }

  @Test
  void toPacketKeepsThePayloadBytes() {
    qt().withExamples(200)
        .forAll(HEADERS, integers().between(0, 1_500), integers().between(0, 255))
        .checkAssert((header, length, seed) -> {
          byte[] payload = new byte[length];
          Arrays.fill(payload, (byte) seed.intValue());
          byte[] packet = header.toPacket(payload, 0, length);
          Ipv4Packet view = Decoding.valid(() -> Ipv4Packet.check(packet, 0, packet.length));
          assertArrayEquals(payload, Arrays.copyOfRange(packet, view.payloadOffset(),
              view.payloadOffset() + view.payloadLength()));
        });
  }
}
