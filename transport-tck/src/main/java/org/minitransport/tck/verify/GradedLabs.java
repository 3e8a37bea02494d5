package org.minitransport.tck.verify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.minitransport.core.port.PortTableFactory;
import org.minitransport.tck.verify.congestion.StudentCongestionControlConnectionVerification;
import org.minitransport.tck.verify.congestion.StudentCongestionControlVerification;
import org.minitransport.tck.verify.connection.ComponentSet;
import org.minitransport.tck.verify.connection.StudentConnectionVerification;
import org.minitransport.tck.verify.port.StudentPortTableVerification;
import org.minitransport.tck.verify.reassembler.StudentReassemblerVerification;
import org.minitransport.tck.verify.receiver.StudentTcpReceiverVerification;
import org.minitransport.tck.verify.rtt.StudentRttEstimatorVerification;
import org.minitransport.tck.verify.sender.StudentSenderConnectionVerification;
import org.minitransport.tck.verify.sender.StudentTcpSenderVerification;
import org.minitransport.tck.verify.stream.StudentByteStreamVerification;
import org.minitransport.tck.verify.udp.StudentUdpEndpointVerification;
import org.minitransport.tcp.component.ByteStreamFactory;
import org.minitransport.tcp.component.CongestionControlFactory;
import org.minitransport.tcp.component.ReassemblerFactory;
import org.minitransport.tcp.component.RttEstimatorFactory;
import org.minitransport.tcp.component.TcpReceiverFactory;
import org.minitransport.tcp.component.TcpSenderFactory;
import org.minitransport.udp.UdpEndpointFactory;

/**
 * The labs {@code minitransport grade} knows, by name. Adding a lab is one entry in {@link #ALL}:
 * its name, the factory interface, the starter's factory class name and the graded suites.
 */
public final class GradedLabs {

  private static final List<GradedLab> ALL = List.of(
      new GradedLab("byte-stream", ByteStreamFactory.class, "lab.StudentByteStreamFactory",
          List.of(StudentByteStreamVerification.class)),
      new GradedLab("reassembler", ReassemblerFactory.class, "lab.StudentReassemblerFactory",
          List.of(StudentReassemblerVerification.class)),
      new GradedLab("tcp-receiver", TcpReceiverFactory.class, "lab.StudentTcpReceiverFactory",
          List.of(StudentTcpReceiverVerification.class)),
      new GradedLab("rtt-estimator", RttEstimatorFactory.class, "lab.StudentRttEstimatorFactory",
          List.of(StudentRttEstimatorVerification.class)),
      new GradedLab("port-table", PortTableFactory.class, "lab.StudentPortTableFactory",
          List.of(StudentPortTableVerification.class)),
      new GradedLab("udp", UdpEndpointFactory.class, "lab.StudentUdpEndpointFactory",
          List.of(StudentUdpEndpointVerification.class)),
      new GradedLab("tcp-sender", TcpSenderFactory.class, "lab.StudentTcpSenderFactory",
          List.of(StudentTcpSenderVerification.class, StudentSenderConnectionVerification.class)),
      new GradedLab("congestion-control", CongestionControlFactory.class,
          "lab.StudentCongestionControlFactory", List.of(StudentCongestionControlVerification.class,
              StudentCongestionControlConnectionVerification.class)),
      new GradedLab("tcp-connection", ComponentSet.class, "lab.StudentComponentSet",
          List.of(StudentConnectionVerification.class)));

  private static final Map<String, GradedLab> BY_NAME = new LinkedHashMap<>();

  static {
    for (GradedLab lab : ALL) {
      if (BY_NAME.put(lab.name(), lab) != null) {
        throw new IllegalStateException("two labs are named " + lab.name());
      }
    }
  }

  private GradedLabs() {}

  /** Every lab, in the order of {@link #ALL}. */
  public static List<GradedLab> all() {
    return ALL;
  }

  /** The lab called {@code name}, if there is one. */
  public static Optional<GradedLab> named(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The lab names, comma-separated, for error messages and help. */
  public static String names() {
    return String.join(", ", BY_NAME.keySet());
  }
}
