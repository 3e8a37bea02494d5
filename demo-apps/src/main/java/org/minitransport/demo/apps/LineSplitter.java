package org.minitransport.demo.apps;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into UTF-8 text lines ending in {@code \n} (a {@code \r} before it is
 * dropped). A line longer than the limit is handed on in pieces of the limit, so a peer that
 * never sends a newline cannot make the buffer grow without bound. Not thread-safe.
 */
final class LineSplitter {

  private final int maxLineBytes;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  LineSplitter(int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("line limit " + maxLineBytes + " must be at least 1");
    }
    this.maxLineBytes = maxLineBytes;
  }

  /** Feeds {@code length} bytes; calls {@code onLine} for every line they complete. */
  void accept(byte[] data, int offset, int length, Consumer<String> onLine) {
    for (int i = offset; i < offset + length; i++) {
      byte b = data[i];
      if (b == '\n') {
        emit(onLine);
      } else {
        line.write(b);
        if (line.size() >= maxLineBytes) {
          emit(onLine);
        }
      }
    }
  }

  private void emit(Consumer<String> onLine) {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    onLine.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
  }
}
