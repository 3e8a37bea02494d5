package org.minitransport.testkit;

import java.util.List;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.PacketNetwork;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.time.NanoClock;

/** The simulated network in real-time mode, clean links, passes the network contract. */
class SimulatedNetworkContractTest extends PacketNetworkContract {

  @Override
  protected PacketNetwork newNetwork(List<Ipv4Address> hosts) {
    SimulatedNetwork network = new SimulatedNetwork(Seeds.pick(), NanoClock.system(),
        LinkConfig.builder().delayNs(100_000).build());
    network.startRealTime();
    return network;
  }
}
