/**
 * The shared datagram channel: {@link org.minitransport.core.net.PacketNetwork} carries whole
 * IPv4 packets between virtual hosts, each attached by its address through a {@link
 * org.minitransport.core.net.NetworkAttachment}. Implementations live in sub-packages: {@code
 * sim} (in-process, seeded impairments, virtual or real time), {@code udp} (one real UDP socket
 * per host) and {@code tun} (a Linux TUN interface: the kernel is the peer). {@code pcap} records
 * what crosses any network; {@code impair} puts the simulated network's impairments in front of
 * any network.
 */
package org.minitransport.core.net;
