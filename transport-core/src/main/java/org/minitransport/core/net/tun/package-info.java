/**
 * The TUN network: {@link org.minitransport.core.net.tun.TunNetwork} puts the project's hosts on a
 * Linux TUN interface, so the kernel's own TCP/IP stack is their peer. Linux only, through JNA.
 */
package org.minitransport.core.net.tun;
