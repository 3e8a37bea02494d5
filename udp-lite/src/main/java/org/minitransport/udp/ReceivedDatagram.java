package org.minitransport.udp;

import java.util.Arrays;
import java.util.Objects;
import org.minitransport.core.address.Endpoint;

/**
 * One datagram as a socket received it: who sent it and its payload, boundaries preserved.
 *
 * @param source the sender's endpoint, from the IPv4 source address and UDP source port
 * @param data the payload (possibly empty); the record owns this array
 */
public record ReceivedDatagram(Endpoint source, byte[] data) {

  public ReceivedDatagram {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(data, "data");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ReceivedDatagram that
        && source.equals(that.source) && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return 31 * source.hashCode() + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "ReceivedDatagram(from " + source + ", " + data.length + " bytes)";
  }
}
