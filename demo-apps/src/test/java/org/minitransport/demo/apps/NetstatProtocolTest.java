package org.minitransport.demo.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.core.port.BindingSnapshot;
import org.minitransport.core.port.PortState;
import org.minitransport.core.wire.DecodeException;

class NetstatProtocolTest {

  @Test
  void aRequestCarriesItsQueryId() throws Exception {
    assertEquals("a1b2", NetstatProtocol.decodeRequest(NetstatProtocol.request("a1b2")));
  }

  @Test
  void splitsALongTableAtLineEndsIntoDatagramsThatFit() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      text.append("TCP   10.0.0.2:7   10.0.0.1:").append(40000 + i).append("   ESTABLISHED\n");
    }
    List<NetstatProtocol.Part> parts = NetstatProtocol.split("q1", text.toString(), 548);
    assertTrue(parts.size() > 5, "needs several datagrams: " + parts.size());
    StringBuilder joined = new StringBuilder();
    for (NetstatProtocol.Part part : parts) {
      byte[] datagram = part.encode();
      assertTrue(datagram.length <= 548, "datagram of " + datagram.length + " bytes");
      assertTrue(part.text().endsWith("\n"), "cut at a line end");
      NetstatProtocol.Part back = NetstatProtocol.decodePart(datagram);
      assertEquals(part, back);
      joined.append(back.text());
    }
    assertEquals(text.toString(), joined.toString());
  }

  @Test
  void anEmptyTableIsOnePart() {
    assertEquals(List.of(new NetstatProtocol.Part("q", 1, 1, "")),
        NetstatProtocol.split("q", "", 1472));
  }

  @Test
  void rejectsAPartNumberAboveItsTotal() {
    byte[] datagram = "NETSTAT q 3/2\nx".getBytes(StandardCharsets.UTF_8);
    assertThrows(DecodeException.class, () -> NetstatProtocol.decodePart(datagram));
  }

  @Test
  void rejectsARequestWithAnIdThatIsNotAlphanumeric() {
    byte[] datagram = "NETSTAT a/b".getBytes(StandardCharsets.UTF_8);
    assertThrows(DecodeException.class, () -> NetstatProtocol.decodeRequest(datagram));
  }

  @Test
  void formatsRowsSortedWithAWildcardRemote() {
    String text = PortTableText.format(List.of(
        new BindingSnapshot(IpProtocol.UDP, Endpoint.parse("0.0.0.0:11"), null, PortState.BOUND,
            "x"),
        new BindingSnapshot(IpProtocol.TCP, Endpoint.parse("0.0.0.0:7"), null, PortState.LISTEN,
            "y")));
    List<String> lines = text.lines().toList();
    assertEquals(List.of("proto", "TCP", "UDP"),
        lines.stream().map(l -> l.split(" ")[0]).toList());
    assertTrue(lines.get(1).matches("TCP\\s+-\\s+-\\s+0\\.0\\.0\\.0:7\\s+\\*:\\*\\s+LISTEN\\s+-\\s+-"),
        text);
  }
}
