package org.minitransport.core.net.tun.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.tun.TunConfig;
import org.minitransport.core.net.tun.TunException;
import org.minitransport.core.net.tun.TunException.Reason;

/**
 * One open Linux TUN interface ({@code IFF_TUN | IFF_NO_PI}: each read or write is one bare IP
 * packet), plus an eventfd that wakes its reader for {@link #close()}.
 *
 * <p>Opening creates the interface, or attaches to an existing one (a persistent interface made
 * with {@code ip tuntap add}). An interface created here is not persistent: the kernel removes it
 * when the file is closed, also when the process dies. Configuring uses the classic {@code
 * SIOCSIF*} ioctls on an {@code AF_INET} socket, as {@code ifconfig} does; giving the interface
 * its address makes the kernel add the route to the subnet.
 *
 * <p>{@link #read} is for one reader thread; {@link #write} may be called from any thread (a write
 * to a TUN file is one packet, atomically).
 */
public final class TunDevice implements AutoCloseable {

  private static final int MAX_PACKET = 65_535;

  private final TunConfig config;
  private final int fd;
  private final int wakeFd;
  private final boolean created;
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(MAX_PACKET);
  private final ThreadLocal<ByteBuffer> writeBuffers =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(MAX_PACKET));
  private final Memory pollFds = new Memory(16);
  private volatile boolean closed;

  private TunDevice(TunConfig config, int fd, int wakeFd, boolean created) {
    this.config = config;
    this.fd = fd;
    this.wakeFd = wakeFd;
    this.created = created;
  }

  /**
   * Opens (creating if needed) the interface the config names and, if asked, configures its
   * kernel side.
   *
   * @throws TunException naming the device, interface or address, and what to do
   */
  public static TunDevice open(TunConfig config) throws TunException {
    if (config.namespace().isEmpty()) {
      return openHere(config);
    }
    return InNamespace.call(config.namespace().get(), () -> openHere(config));
  }

  /** Opens in the calling thread's network namespace. */
  private static TunDevice openHere(TunConfig config) throws TunException {
    String name = config.interfaceName();
    boolean existed = interfaceExists(name);
    if (!existed && config.configureKernelSide() && config.namespace().isEmpty()) {
      checkAddressFree(config);
    }
    int fd;
    try {
      fd = Libc.open(config.devicePath().toString(),
          Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
    } catch (LastErrorException e) {
      throw openFailure(config, e.getErrorCode());
    }
    int wakeFd = -1;
    try {
      Memory request = ifreq(name);
      request.setShort(Libc.IFREQ_UNION, (short) (Libc.IFF_TUN | Libc.IFF_NO_PI));
      try {
        Libc.ioctl(fd, Libc.TUNSETIFF, request);
      } catch (LastErrorException e) {
        throw attachFailure(config, existed, e.getErrorCode());
      }
      wakeFd = Libc.eventfd(0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
      TunDevice device = new TunDevice(config, fd, wakeFd, !existed);
      if (config.configureKernelSide()) {
        device.configureKernelSide();
      }
      return device;
    } catch (TunException | RuntimeException e) {
      closeQuietly(fd);
      closeQuietly(wakeFd);
      throw e;
    }
  }

  /** Whether this process created the interface (it then vanishes on close). */
  public boolean created() {
    return created;
  }

  public String name() {
    return config.interfaceName();
  }

  /**
   * Waits until a packet can be read or {@link #close()} is called.
   *
   * @return false once closed
   */
  public boolean awaitReadable() {
    while (!closed) {
      pollFds.setInt(0, fd);
      pollFds.setShort(4, Libc.POLLIN);
      pollFds.setShort(6, (short) 0);
      pollFds.setInt(8, wakeFd);
      pollFds.setShort(12, Libc.POLLIN);
      pollFds.setShort(14, (short) 0);
      try {
        Libc.poll(pollFds, 2, -1);
      } catch (LastErrorException e) {
        if (e.getErrorCode() == Libc.EINTR) {
          continue;
        }
        throw new IllegalStateException("poll on TUN " + name() + " failed: "
            + Libc.strerror(e.getErrorCode()), e);
      }
      if (closed || pollFds.getShort(14) != 0) {
        return false;
      }
      if (pollFds.getShort(6) != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads one waiting packet without blocking.
   *
   * @return the packet, or null if none is waiting
   */
  public byte[] read() {
    long count;
    try {
      readBuffer.clear();
      count = Libc.read(fd, readBuffer, MAX_PACKET);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == Libc.EAGAIN || e.getErrorCode() == Libc.EINTR) {
        return null;
      }
      throw new IllegalStateException("read from TUN " + name() + " failed: "
          + Libc.strerror(e.getErrorCode()), e);
    }
    byte[] packet = new byte[(int) count];
    readBuffer.get(0, packet);
    return packet;
  }

  /**
   * Writes one packet to the kernel.
   *
   * @return whether the kernel took it
   */
  public boolean write(byte[] packet, int offset, int length) {
    if (closed) {
      return false;
    }
    ByteBuffer buffer = writeBuffers.get();
    buffer.clear();
    buffer.put(0, packet, offset, length);
    try {
      return Libc.write(fd, buffer, length) == length;
    } catch (LastErrorException e) {
      return false;
    }
  }

  /** Closes the file (the kernel removes an interface created here) and wakes the reader. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Memory one = new Memory(8);
    one.setLong(0, 1);
    try {
      Libc.write(wakeFd, one.getByteBuffer(0, 8), 8);
    } catch (LastErrorException e) {
      // The reader also checks the flag after every poll.
    }
  }

  /** After the reader has stopped: releases both files. */
  public void release() {
    closeQuietly(fd);
    closeQuietly(wakeFd);
  }

  private void configureKernelSide() throws TunException {
    int socket;
    try {
      socket = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM, 0);
    } catch (LastErrorException e) {
      throw new TunException(Reason.FAILED, "cannot open a socket to configure " + name() + ": "
          + Libc.strerror(e.getErrorCode()));
    }
    try {
      Memory request = ifreq(name());
      int currentAddress = currentAddressBits(socket);
      if (currentAddress != config.kernelAddress().bits()) {
        if (currentAddress != 0) {
          throw new TunException(Reason.ADDRESS_IN_USE, "interface " + name() + " already has"
              + " address " + new Ipv4Address(currentAddress) + ", not " + config.kernelAddress()
              + "; give --kernel-address " + new Ipv4Address(currentAddress) + " or another"
              + " interface name");
        }
        putSockaddr(request, config.kernelAddress().bits());
        configure(socket, Libc.SIOCSIFADDR, request, "give it address "
            + config.kernelAddress());
        request = ifreq(name());
        putSockaddr(request, subnetMaskBits(config.prefixLength()));
        configure(socket, Libc.SIOCSIFNETMASK, request, "set its netmask /"
            + config.prefixLength());
      }
      request = ifreq(name());
      configure(socket, Libc.SIOCGIFMTU, request, "read its MTU");
      if (request.getInt(Libc.IFREQ_UNION) != config.mtu()) {
        request.setInt(Libc.IFREQ_UNION, config.mtu());
        configure(socket, Libc.SIOCSIFMTU, request, "set its MTU to " + config.mtu());
      }
      disableIpv6();
      request = ifreq(name());
      configure(socket, Libc.SIOCGIFFLAGS, request, "read its flags");
      short flags = request.getShort(Libc.IFREQ_UNION);
      if ((flags & Libc.IFF_UP) == 0) {
        request.setShort(Libc.IFREQ_UNION, (short) (flags | Libc.IFF_UP | Libc.IFF_RUNNING));
        configure(socket, Libc.SIOCSIFFLAGS, request, "bring it up");
      }
    } finally {
      closeQuietly(socket);
    }
  }

  /** The interface's IPv4 address bits, or 0 if it has none. */
  private int currentAddressBits(int socket) {
    Memory request = ifreq(name());
    try {
      Libc.ioctl(socket, Libc.SIOCGIFADDR, request);
    } catch (LastErrorException e) {
      return 0; // EADDRNOTAVAIL: no address yet
    }
    return request.getInt(Libc.IFREQ_UNION + 4) == 0 ? 0 : bigEndian(request, Libc.IFREQ_UNION + 4);
  }

  private void configure(int socket, long request, Memory ifreq, String what)
      throws TunException {
    try {
      Libc.ioctl(socket, request, ifreq);
    } catch (LastErrorException e) {
      int errno = e.getErrorCode();
      if (errno == Libc.EPERM || errno == Libc.EACCES) {
        throw new TunException(Reason.NO_PERMISSION, "cannot " + what + " on " + name() + ": "
            + Libc.strerror(errno) + " (configuring an interface needs CAP_NET_ADMIN). "
            + TunCommands.forAdministrator(config));
      }
      if (errno == Libc.EEXIST || errno == Libc.EADDRINUSE) {
        throw new TunException(Reason.ADDRESS_IN_USE, "cannot " + what + " on " + name()
            + ": address in use (" + Libc.strerror(errno) + ")");
      }
      throw new TunException(Reason.FAILED, "cannot " + what + " on " + name() + ": "
          + Libc.strerror(errno));
    }
  }

  /** Whether an interface of that name exists in the calling thread's network namespace. */
  private static boolean interfaceExists(String name) throws TunException {
    int socket;
    try {
      socket = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM, 0);
    } catch (LastErrorException e) {
      throw new TunException(Reason.FAILED, "cannot open a socket to look for interface " + name
          + ": " + Libc.strerror(e.getErrorCode()));
    }
    try {
      Libc.ioctl(socket, Libc.SIOCGIFFLAGS, ifreq(name));
      return true;
    } catch (LastErrorException e) {
      return false; // ENODEV
    } finally {
      closeQuietly(socket);
    }
  }

  /** Turns IPv6 off on the interface, so the kernel does not send its router solicitations. */
  private void disableIpv6() {
    Path knob = Path.of("/proc/sys/net/ipv6/conf", name(), "disable_ipv6");
    try {
      if (Files.isWritable(knob)) {
        Files.writeString(knob, "1");
      }
    } catch (IOException e) {
      // Only noise: IPv6 packets from the kernel are dropped and counted as MALFORMED.
    }
  }

  /**
   * Refuses a kernel address whose subnet overlaps one on another interface: the kernel would
   * route part of it elsewhere, or the address is taken.
   */
  private static void checkAddressFree(TunConfig config) throws TunException {
    int mask = subnetMaskBits(config.prefixLength());
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InterfaceAddress address : nic.getInterfaceAddresses()) {
          if (!(address.getAddress() instanceof Inet4Address)) {
            continue;
          }
          int bits = bigEndian(address.getAddress().getAddress());
          int theirMask = subnetMaskBits(address.getNetworkPrefixLength());
          int common = mask & theirMask;
          if ((bits & common) == (config.kernelAddress().bits() & common)) {
            throw new TunException(Reason.ADDRESS_IN_USE, "address in use: "
                + config.kernelCidr() + " overlaps " + address.getAddress().getHostAddress() + "/"
                + address.getNetworkPrefixLength() + " on interface " + nic.getName()
                + "; choose another --kernel-address (another subnet)");
          }
        }
      }
    } catch (SocketException e) {
      // Cannot list interfaces: the kernel will still refuse a true conflict below.
    }
  }

  private static TunException openFailure(TunConfig config, int errno) {
    String device = config.devicePath().toString();
    if (errno == Libc.ENOENT || errno == Libc.ENODEV || errno == Libc.ENXIO) {
      return new TunException(Reason.NO_DEVICE, "cannot open " + device + ": "
          + Libc.strerror(errno) + " (no TUN support here: load it with 'modprobe tun', or give"
          + " the container the device, e.g. docker run --device /dev/net/tun --cap-add"
          + " NET_ADMIN)");
    }
    if (errno == Libc.EACCES || errno == Libc.EPERM) {
      return new TunException(Reason.NO_PERMISSION, "cannot open " + device + ": "
          + Libc.strerror(errno) + " (run as root or with CAP_NET_ADMIN, or make the device"
          + " readable: chmod 0666 " + device + "). " + TunCommands.forAdministrator(config));
    }
    return new TunException(Reason.FAILED, "cannot open " + device + ": " + Libc.strerror(errno));
  }

  private static TunException attachFailure(TunConfig config, boolean existed, int errno) {
    String name = config.interfaceName();
    if (errno == Libc.EBUSY) {
      return new TunException(Reason.BUSY, "interface " + name + " is busy: another process has"
          + " it open; stop that process or choose another interface name (--tun)");
    }
    if (errno == Libc.EPERM || errno == Libc.EACCES) {
      return new TunException(Reason.NO_PERMISSION, "cannot " + (existed ? "attach to" : "create")
          + " TUN interface " + name + ": " + Libc.strerror(errno) + " (needs CAP_NET_ADMIN, or an"
          + " interface made for your user). " + TunCommands.forAdministrator(config));
    }
    if (errno == Libc.EINVAL) {
      return new TunException(Reason.NOT_A_TUN, "interface " + name + " exists and is not a TUN"
          + " device; choose another interface name (" + Libc.strerror(errno) + ")");
    }
    return new TunException(Reason.FAILED, "cannot " + (existed ? "attach to" : "create")
        + " TUN interface " + name + ": " + Libc.strerror(errno));
  }

  private static Memory ifreq(String name) {
    Memory request = new Memory(Libc.IFREQ_SIZE);
    request.clear();
    byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
    request.write(0, bytes, 0, Math.min(bytes.length, Libc.IFNAMSIZ_MAX));
    return request;
  }

  /** Writes a {@code struct sockaddr_in} for {@code addressBits} into the ifreq union. */
  private static void putSockaddr(Memory request, int addressBits) {
    request.setShort(Libc.IFREQ_UNION, (short) Libc.AF_INET);
    request.setByte(Libc.IFREQ_UNION + 4, (byte) (addressBits >>> 24));
    request.setByte(Libc.IFREQ_UNION + 5, (byte) (addressBits >>> 16));
    request.setByte(Libc.IFREQ_UNION + 6, (byte) (addressBits >>> 8));
    request.setByte(Libc.IFREQ_UNION + 7, (byte) addressBits);
  }

  private static int bigEndian(Memory memory, long offset) {
    return bigEndian(memory.getByteArray(offset, 4));
  }

  private static int bigEndian(byte[] bytes) {
    return ((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8)
        | (bytes[3] & 0xFF);
  }

  private static int subnetMaskBits(int prefixLength) {
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }

  private static void closeQuietly(int fd) {
    if (fd < 0) {
      return;
    }
    try {
      Libc.close(fd);
    } catch (LastErrorException e) {
      // nothing left to release
    }
  }
}
