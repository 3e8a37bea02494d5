package org.minitransport.core.wire;

/**
 * Why untrusted bytes were rejected. Shared by every codec in the stack (IPv4, ICMP, UDP, TCP) so
 * drop counters can be kept per reason.
 */
public enum DecodeError {
  /** Fewer bytes than the header or a length field requires. */
  TRUNCATED,
  /** IPv4 version field is not 4. */
  BAD_VERSION,
  /** A header-length field (IPv4 IHL, TCP data offset) is below its minimum or past the data. */
  BAD_HEADER_LENGTH,
  /** A total-length field disagrees with the bytes present. */
  BAD_LENGTH,
  /** A checksum did not verify. */
  BAD_CHECKSUM,
  /** An IPv4 fragment; this stack does no reassembly. */
  FRAGMENTED,
  /** A malformed option (illegal length, runs past the header, wrong size for its kind). */
  BAD_OPTION,
  /** A field holds a value this codec does not accept (unknown ICMP type, illegal flags, ...). */
  UNSUPPORTED
}
