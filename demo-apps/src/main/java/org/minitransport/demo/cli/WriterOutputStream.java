package org.minitransport.demo.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes written as UTF-8 text to a {@link Writer}: standard output for a command run in a test,
 * where the test reads what was printed as text. A sequence split across writes is decoded once
 * complete; malformed bytes become U+FFFD.
 */
public final class WriterOutputStream extends OutputStream {

  private final Writer writer;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private final ByteBuffer pending = ByteBuffer.allocate(8);

  public WriterOutputStream(Writer writer) {
    this.writer = writer;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    ByteBuffer input = ByteBuffer.allocate(pending.position() + length);
    pending.flip();
    input.put(pending).put(bytes, offset, length).flip();
    pending.clear();
    CharBuffer chars = CharBuffer.allocate(input.remaining() + 1);
    decoder.decode(input, chars, false);
    chars.flip();
    writer.write(chars.toString());
    pending.put(input); // at most 3 bytes of an unfinished sequence
  }

  @Override
  public synchronized void flush() throws IOException {
    writer.flush();
  }
}
