package org.minitransport.core.wire;

/**
 * The only exception decoding untrusted bytes may throw. Checked, so a caller cannot forget that
 * bytes off the wire can be bad; the stack catches it, drops the packet and counts {@link
 * #error()}.
 */
public final class DecodeException extends Exception {

  private static final long serialVersionUID = 1L;

  private final DecodeError error;

  /**
   * @param error the category, for counters
   * @param detail a message naming the bad field and value, e.g. "IHL 3 is below the minimum 5"
   */
  public DecodeException(DecodeError error, String detail) {
    super(error + ": " + detail, null, false, false);
    this.error = error;
  }

  /** The category of the failure. */
  public DecodeError error() {
    return error;
  }
}
