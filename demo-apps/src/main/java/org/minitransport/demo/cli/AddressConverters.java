package org.minitransport.demo.cli;

import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.udp.UdpRouteTable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for virtual addresses, ports and endpoints, so that a bad value is a usage
 * error (exit code 2) whose message names the value and the rule.
 */
public final class AddressConverters {

  private AddressConverters() {}

  /** A port a server can listen on or a client can connect to: 1–65535. */
  public static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
      String t = text.trim();
      int port;
      try {
        port = Integer.parseInt(t);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + text + "' is not a port (a number 1-65535)");
      }
      if (port < 1 || port > Endpoint.MAX_PORT) {
        throw new TypeConversionException("'" + text + "' is not a port from 1 to 65535");
      }
      return port;
    }
  }

  /** A virtual IPv4 address such as {@code 10.0.0.2}. */
  public static final class Address implements ITypeConverter<Ipv4Address> {
    @Override
    public Ipv4Address convert(String text) {
      try {
        return Ipv4Address.parse(text.trim());
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + text + "' is not an IPv4 address like 10.0.0.2 (" + e.getMessage() + ")");
      }
    }
  }

  /**
   * A virtual IPv4 address kept as the text given (for options that are parsed later): checked
   * here so that a bad one is a usage error.
   */
  public static final class AddressText implements ITypeConverter<String> {
    @Override
    public String convert(String text) {
      new Address().convert(text);
      return text.trim();
    }
  }

  /** UDP network routes ({@link UdpRouteTable#parse}) kept as text, checked here. */
  public static final class RoutesText implements ITypeConverter<String> {
    @Override
    public String convert(String text) {
      try {
        UdpRouteTable.parse(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
      return text;
    }
  }

  /** A remote endpoint {@code ADDRESS:PORT} with a specific address and a port 1–65535. */
  public static final class Remote implements ITypeConverter<Endpoint> {
    @Override
    public Endpoint convert(String text) {
      Endpoint endpoint;
      try {
        endpoint = Endpoint.parse(text.trim());
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + text + "' is not ADDRESS:PORT like 10.0.0.2:9000 (" + e.getMessage() + ")");
      }
      if (endpoint.address().isAny() || endpoint.port() == 0) {
        throw new TypeConversionException(
            "'" + text + "' needs a specific address and a port from 1 to 65535");
      }
      return endpoint;
    }
  }
}
