/**
 * Not API: the TUN device itself (the C library calls through JNA, the ioctls that create and
 * configure the interface, the eventfd that wakes its reader) and the {@code ip} commands that set
 * it up by hand.
 */
package org.minitransport.core.net.tun.internal;
