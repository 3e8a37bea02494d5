package org.minitransport.core.net.tun;

import java.io.IOException;

/**
 * Why a {@link TunNetwork} could not be opened, with a message that names the device, the
 * interface or the address, and says what to do.
 */
public final class TunException extends IOException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    /** {@code /dev/net/tun} does not exist (no tun module, or a container without the device). */
    NO_DEVICE,
    /** Not allowed: opening the device, creating the interface or configuring it needs
     *  {@code CAP_NET_ADMIN} (root); the message lists the {@code ip} commands an administrator
     *  can run instead. */
    NO_PERMISSION,
    /** The interface is open in another process (a TUN interface has one reader). */
    BUSY,
    /** The kernel address, or its subnet, is already on another interface. */
    ADDRESS_IN_USE,
    /** An interface of that name exists but is not a TUN device (a TAP, an Ethernet card). */
    NOT_A_TUN,
    /** Anything else the kernel refused; the message has its error text. */
    FAILED
  }

  private final Reason reason;

  public TunException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
