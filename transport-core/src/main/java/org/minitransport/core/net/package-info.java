/**
 * The shared datagram channel: {@link org.minitransport.core.net.PacketNetwork} carries whole
 * IPv4 packets between virtual hosts, each attached by its address through a {@link
 * org.minitransport.core.net.NetworkAttachment}. Implementations live in sub-packages: {@code
 * sim} (in-process, seeded impairments, virtual or real time) and {@code udp} (one real UDP socket
 * per host). {@code pcap} records what crosses any network.
 */
package org.minitransport.core.net;
