package org.minitransport.demo.starter;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The labs that have a starter, and for each the reference classes whose {@code // BEGIN LAB n}
 * regions the student fills in. Labs 0 (toolchain), 5 (the connection: it joins the classes of
 * labs 1–4) and 7 (an application over the socket API) have no component of their own to hand
 * out, so no starter; their pages in {@code docs/labs/} say what to start from.
 */
final class StarterLabs {

  private static final String TCP = "tcp-lite/src/main/java/org/minitransport/tcp/internal/";
  private static final String COMPONENT = "org.minitransport.tcp.component.";

  private static final List<StarterLab> ALL = List.of(
      new StarterLab(1, "byte-stream", "a bounded byte stream with writer and reader views",
          "docs/labs/01-byte-stream.md", List.of(
              new StarterComponent("byte-stream", TCP + "ChunkedByteStream.java",
                  "StudentByteStream", List.of(), COMPONENT + "ByteStreamFactory",
                  "public ByteStream create(int capacityBytes) {\n"
                      + "    return new StudentByteStream(capacityBytes);\n  }",
                  List.of(COMPONENT + "ByteStream")))),
      new StarterLab(2, "reassembler", "the reassembler: substrings back in order",
          "docs/labs/02-reassembler.md", List.of(
              new StarterComponent("reassembler", TCP + "SortedRunReassembler.java",
                  "StudentReassembler", List.of(), COMPONENT + "ReassemblerFactory",
                  "public Reassembler create(ByteStreamWriter output) {\n"
                      + "    return new StudentReassembler(output);\n  }",
                  List.of(COMPONENT + "Reassembler", COMPONENT + "ByteStreamWriter")))),
      new StarterLab(3, "tcp-receiver", "the TCP receiver: sequence numbers, ackno and window",
          "docs/labs/03-tcp-receiver.md", List.of(
              new StarterComponent("tcp-receiver", TCP + "Rfc9293Receiver.java",
                  "StudentTcpReceiver", List.of(), COMPONENT + "TcpReceiverFactory",
                  "public TcpReceiver create(Reassembler reassembler, Settings settings) {\n"
                      + "    return new StudentTcpReceiver(reassembler, settings);\n  }",
                  List.of(COMPONENT + "TcpReceiver", COMPONENT + "Reassembler")))),
      new StarterLab(4, "tcp-sender",
          "the TCP sender: segments, the retransmission timer (RFC 6298), congestion control"
              + " (RFC 5681)",
          "docs/labs/04-tcp-sender.md", List.of(
              new StarterComponent("tcp-sender", TCP + "Rfc9293Sender.java",
                  "StudentTcpSender", List.of(), COMPONENT + "TcpSenderFactory",
                  "public TcpSender create(ByteStream outbound, Settings settings) {\n"
                      + "    return new StudentTcpSender(outbound, settings);\n  }",
                  List.of(COMPONENT + "TcpSender", COMPONENT + "ByteStream")),
              new StarterComponent("rtt-estimator", TCP + "Rfc6298RttEstimator.java",
                  "StudentRttEstimator", List.of(), COMPONENT + "RttEstimatorFactory",
                  "public RttEstimator create(RtoSettings settings) {\n"
                      + "    return new StudentRttEstimator(settings);\n  }",
                  List.of(COMPONENT + "RttEstimator", "org.minitransport.tcp.RtoSettings")),
              new StarterComponent("congestion-control", TCP + "NewRenoCongestionControl.java",
                  "StudentCongestionControl", List.of(), COMPONENT + "CongestionControlFactory",
                  "public CongestionControl create(long smssBytes, RttEstimator rtt) {\n"
                      + "    return new StudentCongestionControl(smssBytes);\n  }",
                  List.of(COMPONENT + "CongestionControl", COMPONENT + "RttEstimator")))),
      new StarterLab(6, "ports-and-udp", "the port table (RFC 6335, RFC 6056) and UDP (RFC 768)",
          "docs/labs/06-ports-and-udp.md", List.of(
              new StarterComponent("port-table",
                  "transport-core/src/main/java/org/minitransport/core/port/HashedPortTable.java",
                  "StudentPortTable",
                  List.of("transport-core/src/main/java/org/minitransport/core/port/"
                      + "PortOccupancy.java"),
                  "org.minitransport.core.port.PortTableFactory",
                  "public PortTable<Object> create(IpProtocol protocol, PortTableConfig config) {\n"
                      + "    return new StudentPortTable<>(protocol, config);\n  }",
                  List.of("org.minitransport.core.port.PortTable",
                      "org.minitransport.core.port.PortTableConfig",
                      "org.minitransport.core.wire.IpProtocol")),
              new StarterComponent("udp",
                  "udp-lite/src/main/java/org/minitransport/udp/BufferedUdpEndpoint.java",
                  "StudentUdpEndpoint", List.of(), "org.minitransport.udp.UdpEndpointFactory",
                  "public UdpEndpoint create() {\n    return new StudentUdpEndpoint();\n  }",
                  List.of("org.minitransport.udp.UdpEndpoint")))));

  private StarterLabs() {}

  /** Every lab with a starter, by number. */
  static List<StarterLab> all() {
    return ALL;
  }

  /** The lab named {@code nameOrNumber} ({@code reassembler} or {@code 2}), if it has a starter. */
  static Optional<StarterLab> find(String nameOrNumber) {
    return ALL.stream()
        .filter(lab -> lab.name().equals(nameOrNumber)
            || String.valueOf(lab.number()).equals(nameOrNumber))
        .findFirst();
  }

  /** "1 byte-stream, 2 reassembler, ..." for messages and help. */
  static String names() {
    return ALL.stream().map(lab -> lab.number() + " " + lab.name())
        .collect(Collectors.joining(", "));
  }
}
