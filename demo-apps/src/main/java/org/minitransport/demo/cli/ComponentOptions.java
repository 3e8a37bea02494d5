package org.minitransport.demo.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.minitransport.core.port.PortTableFactory;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.component.ByteStreamFactory;
import org.minitransport.tcp.component.CongestionControlFactory;
import org.minitransport.tcp.component.ReassemblerFactory;
import org.minitransport.tcp.component.RttEstimatorFactory;
import org.minitransport.tcp.component.TcpReceiverFactory;
import org.minitransport.tcp.component.TcpSenderFactory;
import org.minitransport.udp.UdpEndpointFactory;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --component NAME=CLASS} (a picocli mixin): runs a student's class (the labs,
 * {@code docs/labs/}) in place of the reference inside every host this command starts, through the
 * component factories of {@link TcpConfig}, {@link HostConfig} and {@link
 * org.minitransport.udp.UdpService}. The factory class is loaded from the class path, so the
 * command runs as {@code java -cp minitransport.jar:../lab2/target/classes
 * org.minitransport.demo.Minitransport ...}.
 */
public final class ComponentOptions {

  /** The components a class can replace, by their lab names ({@code minitransport grade}'s). */
  public enum Kind {
    BYTE_STREAM(ByteStreamFactory.class),
    REASSEMBLER(ReassemblerFactory.class),
    TCP_RECEIVER(TcpReceiverFactory.class),
    TCP_SENDER(TcpSenderFactory.class),
    RTT_ESTIMATOR(RttEstimatorFactory.class),
    CONGESTION_CONTROL(CongestionControlFactory.class),
    PORT_TABLE(PortTableFactory.class),
    UDP(UdpEndpointFactory.class);

    private final Class<?> factoryType;

    Kind(Class<?> factoryType) {
      this.factoryType = factoryType;
    }

    /** {@code reassembler}, {@code tcp-sender}, … */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String labels() {
      return Arrays.stream(values()).map(Kind::label).collect(Collectors.joining(", "));
    }
  }

  /** One {@code --component} value: which component, and the factory that replaces it. */
  public record Choice(Kind kind, Object factory) {}

  @Option(names = "--component", paramLabel = "<component>", converter = ChoiceConverter.class,
      description = "NAME=CLASS: run your class in place of the reference (labs: docs/labs/): NAME is "
          + "byte-stream, reassembler, tcp-receiver, tcp-sender, rtt-estimator, "
          + "congestion-control, port-table or udp; CLASS its factory, on the class path "
          + "(java -cp minitransport.jar:DIR org.minitransport.demo.Minitransport ...). "
          + "Repeatable; every host of this process uses it.")
  public List<Choice> choices = new ArrayList<>();

  /** {@code config} with the TCP components given replacing its factories. */
  public TcpConfig applyTo(TcpConfig config) {
    TcpConfig.Builder builder = null;
    for (Choice choice : choices) {
      if (builder == null && isTcp(choice.kind())) {
        builder = config.toBuilder();
      }
      switch (choice.kind()) {
        case BYTE_STREAM -> builder.byteStream((ByteStreamFactory) choice.factory());
        case REASSEMBLER -> builder.reassembler((ReassemblerFactory) choice.factory());
        case TCP_RECEIVER -> builder.receiver((TcpReceiverFactory) choice.factory());
        case TCP_SENDER -> builder.sender((TcpSenderFactory) choice.factory());
        case RTT_ESTIMATOR -> builder.rttEstimator((RttEstimatorFactory) choice.factory());
        case CONGESTION_CONTROL ->
            builder.congestionControl((CongestionControlFactory) choice.factory());
        default -> { }
      }
    }
    return builder == null ? config : builder.build();
  }

  /** The port table factory to give {@link HostConfig}: the student's, else the reference. */
  public PortTableFactory portTables() {
    return (PortTableFactory) last(Kind.PORT_TABLE, PortTableFactory.REFERENCE);
  }

  /** The UDP endpoint factory to install UDP with: the student's, else the reference. */
  public UdpEndpointFactory udpEndpoints() {
    return (UdpEndpointFactory) last(Kind.UDP, UdpEndpointFactory.REFERENCE);
  }

  private Object last(Kind kind, Object fallback) {
    Object found = fallback;
    for (Choice choice : choices) {
      if (choice.kind() == kind) {
        found = choice.factory();
      }
    }
    return found;
  }

  private static boolean isTcp(Kind kind) {
    return kind != Kind.PORT_TABLE && kind != Kind.UDP;
  }

  /** Parses {@code NAME=CLASS} and makes the factory; a bad value is a usage error naming it. */
  public static final class ChoiceConverter implements ITypeConverter<Choice> {

    @Override
    public Choice convert(String value) {
      int eq = value.indexOf('=');
      if (eq <= 0 || eq == value.length() - 1) {
        throw new TypeConversionException("'" + value + "' is not NAME=CLASS (e.g. "
            + "reassembler=lab.StudentReassemblerFactory)");
      }
      String name = value.substring(0, eq);
      String className = value.substring(eq + 1);
      Kind kind = Arrays.stream(Kind.values()).filter(k -> k.label().equals(name)).findFirst()
          .orElseThrow(() -> new TypeConversionException("unknown component '" + name
              + "': the components are " + Kind.labels()));
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Class<?> type;
      try {
        type = Class.forName(className, true,
            loader != null ? loader : ComponentOptions.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new TypeConversionException("class " + className + " is not on the class path ("
            + e.getMessage() + "); run java -cp minitransport.jar:YOUR_CLASSES "
            + "org.minitransport.demo.Minitransport ...");
      }
      if (!kind.factoryType.isAssignableFrom(type)) {
        throw new TypeConversionException(className + " does not implement "
            + kind.factoryType.getName() + " (the factory of " + kind.label() + ")");
      }
      try {
        return new Choice(kind, type.getConstructor().newInstance());
      } catch (ReflectiveOperationException e) {
        throw new TypeConversionException("cannot create " + className + " (it needs a public "
            + "no-argument constructor): " + e);
      }
    }
  }
}
