package org.minitransport.tck.verify.udp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.minitransport.tck.verify.udp.UdpBench.host;
import static org.minitransport.tck.verify.udp.UdpBench.peer;
import static org.minitransport.tck.verify.udp.UdpBench.segment;

import java.net.BindException;
import java.net.PortUnreachableException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.tck.verify.Rule;
import org.minitransport.tck.verify.RuleExtension;
import org.minitransport.tck.verify.Script;
import org.minitransport.tck.verify.ScriptProperty;
import org.minitransport.tck.verify.udp.UdpBench.Checksum;
import org.minitransport.udp.ReceivedDatagram;
import org.minitransport.udp.UdpBinding;
import org.minitransport.udp.UdpEndpointFactory;
import org.minitransport.udp.UdpSocket;
import org.minitransport.udp.UdpSocketOptions;

/**
 * The verification suite of a {@link org.minitransport.udp.UdpEndpoint} (rules UDP-nn): the RFC
 * 768 header and checksum (including the zero-checksum rule), demultiplexing by port, connected
 * sockets, malformed and oversized datagrams, ICMP port unreachable both ways, close and the
 * receive buffer. The endpoint runs inside the real stack on a simulated network ({@link
 * UdpBench}), driven through {@link org.minitransport.udp.UdpService} and {@link UdpSocket}, and
 * judged on the wire by a raw peer. Subclass it with one method, {@link #factory()}.
 */
@ExtendWith(RuleExtension.class)
public abstract class UdpEndpointVerification {

  /** The implementation under test. */
  protected abstract UdpEndpointFactory factory();

  private final List<UdpBench> benches = new ArrayList<>();

  /** A fresh bench whose host under test has MTU 1500. */
  UdpBench bench() {
    return bench(1500);
  }

  UdpBench bench(int mtu) {
    UdpBench bench = new UdpBench(factory(), mtu);
    benches.add(bench);
    return bench;
  }

  @AfterEach
  void closeBenches() {
    benches.forEach(UdpBench::close);
  }

  static byte[] text(String s) {
    return s.getBytes(US_ASCII);
  }

  static Object received(UdpSocket socket) throws Exception {
    ReceivedDatagram d = socket.tryReceive();
    return d == null ? null : d.source() + " " + new String(d.data(), US_ASCII);
  }

  @Test
  @Rule(id = "UDP-01", cites = "RFC 768 (Format, Fields)",
      hint = "If this fails, check the header you emit: source port = the socket's port,"
          + " destination port, length = 8 + payload bytes, then the payload unchanged")
  void sendsTheRfc768Header() {
    UdpBench b = bench();
    Script<UdpBench> s = Script.of("a datagram on the wire", b);
    UdpSocket socket = s.get("open " + host(7000), x -> x.udp().open(host(7000)));
    s.act("send \"hello\" to " + peer(9000), x -> {
      socket.send(peer(9000), text("hello"));
      x.settle();
    });
    s.expect("segments at the peer", x -> x.segments().size(), 1);
    s.expect("IPv4 source, destination", x -> x.segments().get(0).source() + " -> "
        + x.segments().get(0).destination(), UdpBench.HOST + " -> " + UdpBench.PEER);
    s.expect("source port", x -> x.segments().get(0).sourcePort(), 7000);
    s.expect("destination port", x -> x.segments().get(0).destinationPort(), 9000);
    s.expect("length field", x -> x.segments().get(0).lengthField(), 13);
    s.expect("payload", x -> x.segments().get(0).payload(), text("hello"));
    s.expect("counters().outDatagrams()", x -> x.endpoint().counters().outDatagrams(), 1L);
  }

  @Test
  @Rule(id = "UDP-02", cites = "RFC 768 (Fields: Checksum); RFC 1071; RFC 1122 §4.1.3.4",
      hint = "If this fails, check the checksum: the one's-complement sum over the pseudo-header"
          + " (source, destination, zero, protocol 17, UDP length), the header with a zero"
          + " checksum field, and the payload padded to even length")
  void sendsAChecksumThatVerifiesOverThePseudoHeader() {
    UdpBench b = bench();
    Script<UdpBench> s = Script.of("checksums on the wire", b);
    UdpSocket socket = s.get("open " + host(7000), x -> x.udp().open(host(7000)));
    String[] payloads = {"", "a", "odd length!", "even length!"};
    for (int i = 0; i < payloads.length; i++) {
      int n = i;
      s.act("send \"" + payloads[i] + "\" to " + peer(9000), x -> {
        socket.send(peer(9000), text(payloads[n]));
        x.settle();
      });
      s.expect("checksum field of segment " + n + " is not zero (a sender computes it)",
          x -> x.segments().get(n).checksumField() != 0, true);
      s.expect("checksum of segment " + n + " verifies",
          x -> x.segments().get(n).checksumVerifies(), true);
    }
  }

  @Test
  @Rule(id = "UDP-03", cites = "RFC 768 (Fields: Checksum)",
      hint = "If this fails, check the zero rule: a checksum that computes to 0 is sent as"
          + " 0xFFFF, because 0 on the wire means \"no checksum\"")
  void sendsAComputedZeroChecksumAsAllOnes() {
    UdpBench b = bench();
    Script<UdpBench> s = Script.of("the zero-checksum rule", b);
    byte[] payload = UdpBench.payloadWithZeroChecksum(host(7000), peer(9000), 6);
    UdpSocket socket = s.get("open " + host(7000), x -> x.udp().open(host(7000)));
    s.act("send a payload whose checksum computes to 0", x -> {
      socket.send(peer(9000), payload);
      x.settle();
    });
    s.expect("checksum field", x -> Integer.toHexString(x.segments().get(0).checksumField()),
        "ffff");
  }

  @Test
  @Rule(id = "UDP-04", cites = "RFC 768 (Fields: Checksum); RFC 1122 §4.1.3.4",
      hint = "If this fails, check that you verify the checksum on receive and drop a bad one"
          + " silently (counted as an in-error and a checksum error, no ICMP), while a zero"
          + " checksum means the sender computed none and the datagram is accepted")
  void verifiesChecksumsOnReceiveAndAcceptsNone() {
    UdpBench b = bench();
    Script<UdpBench> s = Script.of("checksums on receive", b);
    UdpSocket socket = s.get("open " + host(5000), x -> x.udp().open(host(5000)));
    s.act("peer sends \"bad\" with a wrong checksum",
        x -> x.inject(segment(9, 5000, text("bad"), Checksum.BAD)));
    s.expect("received", x -> received(socket), null);
    s.expect("counters().inChecksumErrors()", x -> x.endpoint().counters().inChecksumErrors(),
        1L);
    s.expect("counters().inErrors()", x -> x.endpoint().counters().inErrors(), 1L);
    s.expect("ICMP messages at the peer", x -> x.unreachables().size(), 0);
    s.act("peer sends \"none\" with checksum 0",
        x -> x.inject(segment(9, 5000, text("none"), Checksum.NONE)));
    s.expect("received", x -> received(socket), peer(9) + " none");
    s.act("peer sends \"good\" with a correct checksum",
        x -> x.inject(segment(9, 5000, text("good"), Checksum.GOOD)));
    s.expect("received", x -> received(socket), peer(9) + " good");
    s.expect("counters().inDatagrams()", x -> x.endpoint().counters().inDatagrams(), 2L);
  }

  @Test
  @Rule(id = "UDP-05", cites = "RFC 768 (Destination Port); RFC 1122 §4.1.3.5",
      hint = "If this fails, check demultiplexing: look the destination port (and address) up in"
          + " the host's UDP port table and deliver to that socket only, with the sender's"
          + " address and port as the source")
  void deliversEachDatagramToTheSocketOfItsDestinationPort() {
    UdpBench b = bench();
    Script<UdpBench> s = Script.of("demultiplexing", b);
    UdpSocket five = s.get("open " + host(5000), x -> x.udp().open(host(5000)));
    UdpSocket six = s.get("open 0.0.0.0:6000",
        x -> x.udp().open(new Endpoint(Ipv4Address.ANY, 6000)));
    s.act("peer sends \"to six\" from port 7 to 6000",
        x -> x.inject(segment(7, 6000, text("to six"), Checksum.GOOD)));
    s.act("peer sends \"to five\" from port 8 to 5000",
        x -> x.inject(segment(8, 5000, text("to five"), Checksum.GOOD)));
    s.expect("socket 5000 received", x -> received(five), peer(8) + " to five");
    s.expect("socket 5000 received next", x -> received(five), null);
    s.expect("socket 6000 received", x -> received(six), peer(7) + " to six");
    s.expect("socket 6000 received next", x -> received(six), null);
  }

  @Test
  @Rule(id = "UDP-06", cites = "RFC 768; contract: UdpEndpoint (message boundaries)",
      hint = "If this fails, check that each datagram is delivered whole and alone, in arrival"
          + " order, including an empty one")
  void preservesMessageBoundariesIncludingEmptyDatagrams() {
    UdpBench b = bench();
    Script<UdpBench> s = Script.of("boundaries", b);
    UdpSocket socket = s.get("open " + host(5000), x -> x.udp().open(host(5000)));
    s.act("peer sends \"one\", \"\", \"three\"", x -> {
      x.inject(segment(9, 5000, text("one"), Checksum.GOOD));
      x.inject(segment(9, 5000, text(""), Checksum.GOOD));
      x.inject(segment(9, 5000, text("three"), Checksum.GOOD));
    });
    s.expect("received", x -> received(socket), peer(9) + " one");
    s.expect("received", x -> received(socket), peer(9) + " ");
    s.expect("received", x -> received(socket), peer(9) + " three");
    s.expect("received", x -> received(socket), null);
  }

  @Test
  @Rule(id = "UDP-07", cites = "RFC 768 (Length); RFC 1122 §4.1.3.4; DESIGN: bad input",
      hint = "If this fails, check the length field: below 8, or more bytes than the packet"
          + " holds (a truncated datagram), means drop and count an in-error; never throw, never"
          + " deliver a partial payload, never answer with ICMP")
  void dropsMalformedAndTruncatedDatagramsAndCountsThem() {
    UdpBench b = bench();
    Script<UdpBench> s = Script.of("malformed datagrams", b);
    UdpSocket socket = s.get("open " + host(5000), x -> x.udp().open(host(5000)));
    byte[] truncated = segment(9, 5000, text("abcdef"), Checksum.NONE);
    UdpBench.put16(truncated, 4, 30);
    byte[] shortLength = segment(9, 5000, text("abcdef"), Checksum.NONE);
    UdpBench.put16(shortLength, 4, 7);
    s.act("peer sends a datagram whose length field says 30 but carries 14 bytes",
        x -> x.inject(truncated));
    s.act("peer sends a datagram whose length field says 7", x -> x.inject(shortLength));
    s.act("peer sends 4 bytes (no complete header)",
        x -> x.inject(new byte[] {0, 9, 0x13, (byte) 0x88}));
    s.expect("received", x -> received(socket), null);
    s.expect("counters().inErrors()", x -> x.endpoint().counters().inErrors(), 3L);
    s.expect("counters().inChecksumErrors()",
        x -> x.endpoint().counters().inChecksumErrors(), 0L);
    s.expect("ICMP messages at the peer", x -> x.unreachables().size(), 0);
    s.act("peer sends a good datagram", x -> x.inject(segment(9, 5000, text("ok"),
        Checksum.GOOD)));
    s.expect("received", x -> received(socket), peer(9) + " ok");
  }

  @Test
  @Rule(id = "UDP-08", cites = "RFC 1122 §3.3.3 (no fragmentation here); RFC 768",
      hint = "If this fails, check maxPayload() = MTU - 20 (IPv4) - 8 (UDP), that a payload of"
          + " exactly that size goes out, and that a larger one is refused with an"
          + " IllegalArgumentException naming its size and the limit")
  void refusesOversizedDatagramsNamingTheLimit() {
    UdpBench b = bench(576);
    Script<UdpBench> s = Script.of("oversized datagrams (MTU 576)", b);
    s.expect("endpoint().maxPayload()", x -> x.endpoint().maxPayload(), 548);
    UdpBinding binding = s.get("endpoint().open(" + host(7000) + ")",
        x -> x.endpoint().open(host(7000), UdpSocketOptions.defaults()));
    s.act("endpoint().send 548 bytes to " + peer(9000), x -> {
      x.endpoint().send(x.nowNs(), binding, peer(9000), new byte[600], 10, 548);
      x.settle();
    });
    s.expect("length field at the peer", x -> x.segments().get(0).lengthField(), 556);
    s.expectThrows("endpoint().send 549 bytes", IllegalArgumentException.class,
        x -> x.endpoint().send(x.nowNs(), binding, peer(9000), new byte[600], 0, 549),
        "549", "548");
    s.expect("segments at the peer", x -> x.segments().size(), 1);
  }

  @Test
  @Rule(id = "UDP-09", cites = "RFC 1122 §4.1.3.1; RFC 792 (type 3, code 3)",
      hint = "If this fails, check that a datagram no socket takes is counted (noPorts) and"
          + " answered with context.sendPortUnreachable(nowNs, packet)")
  void answersADatagramForAnUnboundPortWithPortUnreachable() {
    UdpBench b = bench();
    Script<UdpBench> s = Script.of("unbound port", b);
    s.act("peer sends \"anyone?\" from port 4000 to 4444",
        x -> x.inject(segment(4000, 4444, text("anyone?"), Checksum.GOOD)));
    s.expect("ICMP unreachables at the peer", UdpBench::unreachables,
        List.of(new UdpBench.Unreachable(3, 4000, 4444)));
    s.expect("counters().noPorts()", x -> x.endpoint().counters().noPorts(), 1L);
    s.expect("counters().inDatagrams()", x -> x.endpoint().counters().inDatagrams(), 0L);
  }

  @Test
  @Rule(id = "UDP-10", cites = "RFC 1122 §4.1.3.5; Linux udp(7) connect",
      hint = "If this fails, check connected sockets: after connect(peer) a socket takes only"
          + " datagrams from that peer's address and port; others find no socket")
  void aConnectedSocketTakesOnlyItsPeersDatagrams() {
    UdpBench b = bench();
    Script<UdpBench> s = Script.of("connected socket", b);
    UdpSocket socket = s.get("open " + host(5000), x -> x.udp().open(host(5000)));
    s.act("connect to " + peer(53), x -> socket.connect(peer(53)));
    s.act("peer sends \"stranger\" from port 54",
        x -> x.inject(segment(54, 5000, text("stranger"), Checksum.GOOD)));
    s.act("peer sends \"friend\" from port 53",
        x -> x.inject(segment(53, 5000, text("friend"), Checksum.GOOD)));
    s.expect("received", x -> received(socket), peer(53) + " friend");
    s.expect("received", x -> received(socket), null);
    s.expect("counters().noPorts()", x -> x.endpoint().counters().noPorts(), 1L);
    s.act("disconnect", x -> socket.disconnect());
    s.act("peer sends \"stranger again\" from port 54",
        x -> x.inject(segment(54, 5000, text("stranger again"), Checksum.GOOD)));
    s.expect("received", x -> received(socket), peer(54) + " stranger again");
  }

  @Test
  @Rule(id = "UDP-11", cites = "RFC 1122 §4.1.3.3; Linux udp(7) (ECONNREFUSED)",
      hint = "If this fails, check handleUnreachable: a port unreachable (code 3) quoting a"
          + " datagram a connected socket sent to its peer (even an empty one: the quote is then"
          + " just the 8-byte header) becomes that socket's pending PortUnreachableException"
          + " (binding.reportError); unconnected and closed sockets learn nothing, and"
          + " disconnect clears a pending error")
  void reportsPortUnreachableToAConnectedSocket() {
    UdpBench b = bench();
    b.refuse(9);
    Script<UdpBench> s = Script.of("ICMP port unreachable to a connected socket", b);
    UdpSocket loose = s.get("open " + host(5001) + " (unconnected)",
        x -> x.udp().open(host(5001)));
    s.act("unconnected socket sends to refused " + peer(9), x -> {
      loose.send(peer(9), text("x"));
      x.settle();
    });
    s.expect("unconnected socket receives", x -> received(loose), null);
    UdpSocket gone = s.get("open " + host(5002), x -> x.udp().open(host(5002)));
    s.act("a socket sends to refused " + peer(9) + " and closes before the answer", x -> {
      gone.send(peer(9), text("bye"));
      gone.close();
      x.settle();
    });
    s.expect("ICMP messages the peer got (none: it only sends them)",
        x -> x.unreachables().size(), 0);
    UdpSocket socket = s.get("open " + host(5000), x -> x.udp().open(host(5000)));
    s.act("connect to " + peer(9) + " and send an empty datagram", x -> {
      socket.connect(peer(9));
      socket.send(new byte[0]);
      x.settle();
    });
    s.expectThrows("tryReceive on the connected socket", PortUnreachableException.class,
        x -> socket.tryReceive());
    s.expect("tryReceive again (the error is reported once)", x -> received(socket), null);
    s.act("send again, then disconnect before receiving", x -> {
      socket.send(text("again"));
      x.settle();
      socket.disconnect();
    });
    s.expect("tryReceive after disconnect (disconnect forgets the error)",
        x -> received(socket), null);
  }

  @Test
  @Rule(id = "UDP-12", cites = "contract: UdpEndpoint (close); RFC 1122 §4.1.3.1",
      hint = "If this fails, check close(binding): release the port-table entry so the port is"
          + " unbound at once (datagrams to it draw port unreachable) and can be opened again;"
          + " closing twice is harmless and a closed binding sends nothing")
  void closeFreesThePort() {
    UdpBench b = bench();
    Script<UdpBench> s = Script.of("close", b);
    UdpSocket socket = s.get("open " + host(5000), x -> x.udp().open(host(5000)));
    s.act("close the socket", x -> socket.close());
    s.expect("host's UDP port entries", x -> x.host().portTable(
        org.minitransport.core.wire.IpProtocol.UDP).size(), 0);
    s.act("peer sends to 5000", x -> x.inject(segment(9, 5000, text("late"), Checksum.GOOD)));
    s.expect("ICMP unreachables at the peer", x -> x.unreachables().size(), 1);
    UdpSocket again = s.get("open " + host(5000) + " again", x -> x.udp().open(host(5000)));
    s.act("peer sends to 5000", x -> x.inject(segment(9, 5000, text("new"), Checksum.GOOD)));
    s.expect("new socket received", x -> received(again), peer(9) + " new");
    UdpBinding closed = s.get("endpoint().open(" + host(6000) + ")",
        x -> x.endpoint().open(host(6000), UdpSocketOptions.defaults()));
    s.act("endpoint().close it, twice", x -> {
      x.endpoint().close(closed);
      x.endpoint().close(closed);
    });
    s.act("endpoint().send on the closed binding", x -> {
      x.endpoint().send(x.nowNs(), closed, peer(9000), text("ghost"), 0, 5);
      x.settle();
    });
    s.expect("segments at the peer (a closed binding sends nothing)",
        x -> x.segments().size(), 0);
  }

  @Test
  @Rule(id = "UDP-13", cites = "RFC 4113 (udpInErrors); contract: UdpBinding.deliver",
      hint = "If this fails, check that when binding.deliver(...) returns false (buffer full) you"
          + " count a receive-buffer error on the endpoint's and the socket's counters")
  void countsDatagramsThatOverflowTheReceiveBuffer() {
    UdpBench b = bench();
    Script<UdpBench> s = Script.of("receive buffer overflow", b);
    UdpSocket socket = s.get("open " + host(5000) + " with a 100-byte buffer",
        x -> x.udp().open(host(5000), UdpSocketOptions.builder().receiveBufferBytes(100).build()));
    s.act("peer sends 3 datagrams of 40 bytes", x -> {
      for (int i = 0; i < 3; i++) {
        x.inject(segment(9, 5000, new byte[40], Checksum.GOOD));
      }
    });
    s.expect("counters().receiveBufferErrors()",
        x -> x.endpoint().counters().receiveBufferErrors(), 2L);
    s.expect("socket counters().receiveBufferErrors()",
        x -> socket.counters().receiveBufferErrors(), 2L);
    s.expect("counters().inDatagrams()", x -> x.endpoint().counters().inDatagrams(), 1L);
  }

  @Test
  @Rule(id = "UDP-14", cites = "contract: UdpEndpoint.open; RFC 1122 §4.1.3.5",
      hint = "If this fails, check open(): an address that is neither 0.0.0.0 nor this host's"
          + " is a BindException naming it; a taken port is a BindException naming the holder")
  void refusesForeignAddressesAndTakenPorts() {
    UdpBench b = bench();
    Script<UdpBench> s = Script.of("open errors", b);
    s.expectThrows("open 10.0.0.99:5000", BindException.class,
        x -> x.udp().open(Endpoint.of("10.0.0.99", 5000)), "10.0.0.99");
    s.get("open " + host(5000), x -> x.udp().open(host(5000)));
    s.expectThrows("open " + host(5000) + " again", BindException.class,
        x -> x.udp().open(host(5000)), "5000");
  }

  @Test
  @Rule(id = "UDP-16", cites = "RFC 1122 §4.1.3.3, §3.2.2; DESIGN: bad input",
      hint = "If this fails, check handleUnreachable with a forged or cut-short quote: read the"
          + " ports only when the quoted datagram has its 8-byte UDP header (check"
          + " original.payloadLength()), otherwise ignore the message; never throw")
  void ignoresIcmpErrorsThatQuoteTooLittleOfTheDatagram() {
    UdpBench b = bench();
    Script<UdpBench> s = Script.of("ICMP errors quoting too little", b);
    UdpSocket socket = s.get("open " + host(5000), x -> x.udp().open(host(5000)));
    s.act("connect to " + peer(9), x -> socket.connect(peer(9)));
    byte[] sent = UdpBench.packetFromHost(
        segment(5000, 9, text("hello"), Checksum.NONE));
    for (int quotedUdpBytes : new int[] {0, 2, 6}) {
      byte[] quote = java.util.Arrays.copyOf(sent, 20 + quotedUdpBytes);
      s.act("peer sends a port unreachable quoting the IPv4 header and " + quotedUdpBytes
          + " bytes of UDP", x -> x.injectPortUnreachable(quote));
    }
    s.expect("tryReceive (nothing pending)", x -> received(socket), null);
    s.act("peer sends a port unreachable quoting all of it",
        x -> x.injectPortUnreachable(sent));
    s.expectThrows("tryReceive", PortUnreachableException.class, x -> socket.tryReceive());
  }

  @Test
  @Rule(id = "UDP-15", cites = "RFC 768; RFC 1122 §4.1.3",
      hint = "If this fails, read the shortest failing script: every datagram the peer sends is"
          + " delivered to the one socket that should take it, or dropped and counted by the"
          + " rule its step names")
  void handlesEveryScriptOfDatagramsAsTheRulesSay() {
    ScriptProperty.of("datagrams are delivered, dropped or refused as the rules say",
            () -> new UdpModelFixture(bench()), UdpModelFixture.operations())
        .length(1, 12)
        .examples(60)
        .check();
  }
}
