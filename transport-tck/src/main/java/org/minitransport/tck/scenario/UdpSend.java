package org.minitransport.tck.scenario;

/**
 * One datagram of a {@link UdpScenario}: after waiting {@code gapNs}, socket {@code fromSocket}
 * of host {@code fromHost} sends {@code length} pseudo-random bytes (cut to what one datagram of
 * the sending host can carry) to socket {@code toSocket} of host {@code toHost}. Hosts count from
 * 1 (host N has address 10.0.0.N); sockets are 0 (port 5000) and 1 (port 5001).
 */
public record UdpSend(int fromHost, int fromSocket, int toHost, int toSocket, int length,
    long gapNs) {

  public UdpSend {
    if (fromHost < 1 || toHost < 1 || fromSocket < 0 || fromSocket >= UdpScenario.PORTS.size()
        || toSocket < 0 || toSocket >= UdpScenario.PORTS.size()) {
      throw new IllegalArgumentException("host " + fromHost + "/" + toHost + " must be >= 1 and "
          + "socket " + fromSocket + "/" + toSocket + " 0 or 1");
    }
    if (length < 0 || gapNs < 0) {
      throw new IllegalArgumentException("length " + length + " and gapNs " + gapNs
          + " must not be negative");
    }
  }
}
