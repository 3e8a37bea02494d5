package org.minitransport.tcp.socket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Non-blocking handlers for a checked two-way exchange: each client sends a 12-byte header (how
 * many bytes it wants back, and the seed to make them from) and a random payload, then half-closes;
 * the server streams the requested bytes back and checks the payload's SHA-256 against the one the
 * client registered; the client checks the reply's SHA-256. Every mismatch or failure lands in
 * {@link #problems}; {@link #finished} counts sessions whose {@code onClosed} ran.
 */
public final class ExchangeHandlers {

  public final Map<Integer, byte[]> expectedByClientPort = new ConcurrentHashMap<>();
  public final Queue<String> problems = new ConcurrentLinkedQueue<>();
  public final CountDownLatch finished;
  public final CountDownLatch verified;

  public ExchangeHandlers(int sessions) {
    finished = new CountDownLatch(2 * sessions);
    verified = new CountDownLatch(2 * sessions);
  }

  public static byte[] randomBytes(long seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  public static byte[] sha256(byte[] data) {
    return digest().digest(data);
  }

  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** A client that sends {@code payload} and asks for {@code wanted} bytes made from {@code seed}. */
  public TcpHandler client(byte[] payload, int wanted, long seed) {
    ByteBuffer out = ByteBuffer.allocate(12 + payload.length);
    out.putInt(wanted).putLong(seed).put(payload).flip();
    byte[] expectedReply = sha256(randomBytes(seed, wanted));
    byte[] payloadDigest = sha256(payload);
    return new Peer() {
      @Override
      public void onConnected(TcpSession session) {
        expectedByClientPort.put(session.localEndpoint().port(), payloadDigest);
        pump(session);
      }

      @Override
      void pump(TcpSession session) {
        pumpOut(session, out);
      }

      @Override
      void consume(byte[] buffer, int n) {
        received.update(buffer, 0, n);
        receivedBytes += n;
      }

      @Override
      void onEndOfStream(TcpSession session) {
        check(session, "reply", receivedBytes == wanted && Arrays.equals(expectedReply,
            received.digest()), "reply of " + receivedBytes + " bytes, wanted " + wanted);
      }
    };
  }

  /** The server side of the exchange. */
  public TcpHandler server() {
    return new Peer() {
      private final ByteBuffer header = ByteBuffer.allocate(12);
      private ByteBuffer reply;

      @Override
      void consume(byte[] buffer, int n) {
        int offset = 0;
        while (header.hasRemaining() && offset < n) {
          header.put(buffer[offset++]);
        }
        if (!header.hasRemaining() && reply == null) {
          header.flip();
          int wanted = header.getInt();
          reply = ByteBuffer.wrap(randomBytes(header.getLong(), wanted));
        }
        received.update(buffer, offset, n - offset);
      }

      @Override
      void pump(TcpSession session) {
        if (reply != null) {
          pumpOut(session, reply);
        }
      }

      @Override
      void onEndOfStream(TcpSession session) {
        byte[] expected = expectedByClientPort.get(session.remoteEndpoint().port());
        check(session, "payload", reply != null && expected != null
            && Arrays.equals(expected, received.digest()), "payload digest mismatch");
        if (reply == null) {
          session.close();
        }
      }
    };
  }

  /** Shared plumbing: read everything, write what fits, close once both directions are done. */
  private abstract class Peer implements TcpHandler {
    final MessageDigest received = digest();
    final byte[] buffer = new byte[16 * 1024];
    long receivedBytes;
    boolean checked;
    boolean inputDone;
    boolean outputDone;

    abstract void consume(byte[] buffer, int n);

    abstract void pump(TcpSession session);

    abstract void onEndOfStream(TcpSession session);

    void pumpOut(TcpSession session, ByteBuffer out) {
      if (outputDone) {
        return;
      }
      try {
        while (out.hasRemaining()) {
          int n = session.write(out.array(), out.position(), out.remaining());
          if (n == 0) {
            return; // onWritable resumes
          }
          out.position(out.position() + n);
        }
        outputDone = true;
        session.shutdownOutput();
        if (inputDone) {
          session.close();
        }
      } catch (IOException e) {
        problems.add(session + " write failed: " + e);
      }
    }

    @Override
    public void onReadable(TcpSession session) {
      try {
        int n;
        while ((n = session.read(buffer)) > 0) {
          consume(buffer, n);
        }
        pump(session);
        if (n < 0 && !inputDone) {
          inputDone = true;
          onEndOfStream(session);
          if (outputDone) {
            session.close();
          }
        }
      } catch (IOException e) {
        problems.add(session + " read failed: " + e);
      }
    }

    @Override
    public void onWritable(TcpSession session) {
      pump(session);
    }

    @Override
    public void onClosed(TcpSession session, IOException failure) {
      if (failure != null) {
        problems.add(session + " failed: " + failure);
      }
      if (!checked) {
        checked = true;
        problems.add(session + " closed before its check");
        verified.countDown();
      }
      finished.countDown();
    }

    void check(TcpSession session, String what, boolean ok, String detail) {
      if (!ok) {
        problems.add(session + " " + what + ": " + detail);
      }
      checked = true;
      verified.countDown();
    }
  }
}
