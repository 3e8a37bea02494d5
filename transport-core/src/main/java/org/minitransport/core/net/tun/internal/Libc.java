package org.minitransport.core.net.tun.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.Buffer;

/**
 * The few C library calls a TUN device needs, bound by JNA direct mapping (no native code of our
 * own). Every call reports failure by throwing {@link LastErrorException} with the C {@code errno}.
 * Constants are Linux's on 64-bit x86 and ARM (the generic ioctl encoding).
 */
final class Libc {

  static {
    Native.register(Platform.C_LIBRARY_NAME);
  }

  static final int O_RDWR = 0x2;
  static final int O_NONBLOCK = 0x800;
  static final int O_CLOEXEC = 0x80000;

  static final int AF_INET = 2;
  static final int SOCK_DGRAM = 2;

  /** {@code _IOW('T', 202, int)}: attach the file to a TUN/TAP interface, creating it if needed. */
  static final long TUNSETIFF = 0x400454caL;

  static final long SIOCGIFFLAGS = 0x8913;
  static final long SIOCSIFFLAGS = 0x8914;
  static final long SIOCGIFADDR = 0x8915;
  static final long SIOCSIFADDR = 0x8916;
  static final long SIOCSIFNETMASK = 0x891c;
  static final long SIOCGIFMTU = 0x8921;
  static final long SIOCSIFMTU = 0x8922;

  static final short IFF_UP = 0x1;
  static final short IFF_RUNNING = 0x40;
  static final short IFF_TUN = 0x0001;
  static final short IFF_NO_PI = 0x1000;

  static final int CLONE_NEWNET = 0x40000000;

  static final short POLLIN = 0x1;
  static final int EFD_NONBLOCK = 0x800;
  static final int EFD_CLOEXEC = 0x80000;

  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EINTR = 4;
  static final int ENXIO = 6;
  static final int EAGAIN = 11;
  static final int EACCES = 13;
  static final int EBUSY = 16;
  static final int EEXIST = 17;
  static final int ENODEV = 19;
  static final int EINVAL = 22;
  static final int EADDRINUSE = 98;
  static final int EADDRNOTAVAIL = 99;

  /** Size of {@code struct ifreq} on 64-bit Linux: a 16-byte name and a 24-byte union. */
  static final int IFREQ_SIZE = 40;
  /** Where the union starts in {@code struct ifreq}. */
  static final int IFREQ_UNION = 16;
  /** Longest interface name without its NUL ({@code IFNAMSIZ - 1}). */
  static final int IFNAMSIZ_MAX = 15;

  private Libc() {}

  static native int open(String path, int flags) throws LastErrorException;

  static native int close(int fd) throws LastErrorException;

  static native int socket(int domain, int type, int protocol) throws LastErrorException;

  // ioctl is variadic; every request used here passes one pointer, which 64-bit Linux ABIs pass
  // exactly as a fixed pointer argument.
  static native int ioctl(int fd, long request, Pointer argument) throws LastErrorException;

  static native long read(int fd, Buffer buffer, long count) throws LastErrorException;

  static native long write(int fd, Buffer buffer, long count) throws LastErrorException;

  static native int poll(Pointer fds, long count, int timeoutMs) throws LastErrorException;

  static native int eventfd(int initialValue, int flags) throws LastErrorException;

  /** Moves the calling thread into the namespace {@code fd} refers to. */
  static native int setns(int fd, int namespaceType) throws LastErrorException;

  /** The C library's text for {@code errno}, e.g. "Operation not permitted". */
  static native String strerror(int errno);
}
