package org.minitransport.tcp.wire;

import java.util.HexFormat;

/** Hex literals for known-answer tests: spaces are allowed between bytes for readability. */
final class Bytes {

  private Bytes() {}

  static byte[] hex(String text) {
    return HexFormat.of().parseHex(text.replace(" ", "").replace("\n", ""));
  }

  static String hex(byte[] bytes) {
    return HexFormat.ofDelimiter(" ").formatHex(bytes);
  }
}
