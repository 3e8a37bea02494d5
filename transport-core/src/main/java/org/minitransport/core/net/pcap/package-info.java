/**
 * Packet capture: {@link org.minitransport.core.net.pcap.PcapWriter} writes classic libpcap files
 * of raw IPv4 packets (LINKTYPE_RAW), and {@link org.minitransport.core.net.pcap.CapturingNetwork}
 * wraps any {@link org.minitransport.core.net.PacketNetwork} to record every packet its hosts
 * send. The files open in Wireshark and tshark as ordinary IPv4/TCP/UDP/ICMP traffic.
 */
package org.minitransport.core.net.pcap;
