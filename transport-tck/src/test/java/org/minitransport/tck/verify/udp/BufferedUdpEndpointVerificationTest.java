package org.minitransport.tck.verify.udp;

import org.minitransport.udp.UdpEndpointFactory;

/** The UDP-endpoint suite against the reference, {@code BufferedUdpEndpoint}. */
class BufferedUdpEndpointVerificationTest extends UdpEndpointVerification {

  @Override
  protected UdpEndpointFactory factory() {
    return UdpEndpointFactory.REFERENCE;
  }
}
