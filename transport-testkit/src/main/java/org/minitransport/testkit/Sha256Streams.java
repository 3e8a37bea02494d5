package org.minitransport.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Bulk transfers checked end to end: write seeded pseudo-random bytes while hashing them, read a
 * stream to its end while hashing it, and compare the SHA-256 digests (hex) of the two sides.
 */
public final class Sha256Streams {

  private static final int CHUNK = 64 * 1024;

  private Sha256Streams() {}

  /**
   * Reads {@code in} to its end; returns the SHA-256 (hex) and adds the byte count to {@code
   * count[0]}.
   */
  public static String drain(InputStream in, long[] count) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[CHUNK];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      digest.update(buffer, 0, n);
      count[0] += n;
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Writes {@code bytes} pseudo-random bytes from {@code seed} and flushes; returns their SHA-256
   * (hex).
   */
  public static String fill(OutputStream out, long bytes, long seed) throws IOException {
    MessageDigest digest = sha256();
    SplittableRandom random = new SplittableRandom(seed);
    byte[] buffer = new byte[CHUNK];
    for (long left = bytes; left > 0; ) {
      int n = (int) Math.min(buffer.length, left);
      random.nextBytes(buffer);
      out.write(buffer, 0, n);
      digest.update(buffer, 0, n);
      left -= n;
    }
    out.flush();
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
